#include "SubscriptionProfile.h"

#include "Catalog.h"

#include <QCoreApplication>
#include <QSettings>

namespace {

const QString Group = QStringLiteral("subscriptions");

} // namespace

QString SubscriptionProfile::providerRule()
{
    // Quoted from ../shared/spec/provider-webhooks.txt as it is written.
    return QStringLiteral("You cannot subscribe to the Ledger channel and other channels. To subscibe the the Ledger "
                          "channel you must unsubscribe from any other channel");
}

bool SubscriptionProfile::includes(const QString& environment, const QString& channel) const
{
    return m_channels.value(environment).contains(channel);
}

void SubscriptionProfile::setChannels(const QString& environment, const QStringList& channels)
{
    QStringList sorted = channels;
    sorted.sort();
    sorted.removeDuplicates();
    m_channels.insert(environment, sorted);
}

QString SubscriptionProfile::check() const
{
    const auto tr = [](const char* text) { return QCoreApplication::translate("SubscriptionProfile", text); };
    const Catalog& catalog = Catalog::builtIn();
    for (auto it = m_channels.constBegin(); it != m_channels.constEnd(); ++it) {
        for (const QString& channel : it.value()) {
            if (!catalog.hasChannel(channel)) {
                return tr("%1: the catalog has no channel '%2'").arg(it.key(), channel);
            }
        }
        if (it.value().contains(LedgerChannel) && it.value().size() > 1) {
            return tr("%1: ledgers can't be combined with other channels. The provider: \"%2\"")
                .arg(it.key(), providerRule());
        }
    }
    return {};
}

SubscriptionProfile SubscriptionProfile::load()
{
    QSettings settings;
    settings.beginGroup(Group);
    SubscriptionProfile profile;
    for (const QString& environment : settings.childKeys()) {
        profile.setChannels(environment, settings.value(environment).toStringList());
    }
    return profile;
}

void SubscriptionProfile::save() const
{
    QSettings settings;
    settings.remove(Group);
    settings.beginGroup(Group);
    for (auto it = m_channels.constBegin(); it != m_channels.constEnd(); ++it) {
        settings.setValue(it.key(), it.value());
    }
}
