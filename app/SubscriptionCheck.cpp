#include "SubscriptionCheck.h"

#include "Catalog.h"

#include <algorithm>

namespace {

bool checked(const QString& channel, const QString& environment)
{
    const Catalog& catalog = Catalog::builtIn();
    return catalog.hasChannel(channel) && catalog.environments().contains(environment);
}

} // namespace

void SubscriptionCheck::setProfile(const SubscriptionProfile& profile)
{
    QMutexLocker lock(&m_mutex);
    m_profile = profile;
}

SubscriptionProfile SubscriptionCheck::profile() const
{
    QMutexLocker lock(&m_mutex);
    return m_profile;
}

void SubscriptionCheck::addSeen(const QString& environment, const QStringList& channels)
{
    QMutexLocker lock(&m_mutex);
    for (const QString& channel : channels) {
        if (checked(channel, environment)) {
            m_seen[environment].insert(channel);
        }
    }
}

void SubscriptionCheck::setSeen(const QHash<QString, QStringList>& channels)
{
    {
        QMutexLocker lock(&m_mutex);
        m_seen.clear();
    }
    for (auto it = channels.constBegin(); it != channels.constEnd(); ++it) {
        addSeen(it.key(), it.value());
    }
}

QStringList SubscriptionCheck::seen(const QString& environment) const
{
    QMutexLocker lock(&m_mutex);
    QStringList channels = m_seen.value(environment).values();
    channels.sort();
    return channels;
}

QStringList SubscriptionCheck::check(const QString& channel, const QString& environment)
{
    if (!checked(channel, environment)) {
        return {};
    }
    QMutexLocker lock(&m_mutex);
    QSet<QString>& seen = m_seen[environment];
    seen.insert(channel);
    QStringList problems;
    if (m_profile.isDeclared(environment) && !m_profile.includes(environment, channel)) {
        problems.append(
            QStringLiteral("outside the subscription profile: %1 is not subscribed to %2").arg(environment, channel));
    }
    if (channel == SubscriptionProfile::LedgerChannel && seen.size() > 1) {
        QStringList others = seen.values();
        others.removeOne(channel);
        std::sort(others.begin(), others.end());
        QString named = others.mid(0, 3).join(QLatin1String(", "));
        if (others.size() > 3) {
            named += QStringLiteral(" and %1 more").arg(others.size() - 3);
        }
        // The rule's first sentence names it; the subscription editor shows it whole.
        const QString rule = SubscriptionProfile::providerRule().section(QLatin1Char('.'), 0, 0);
        problems.append(
            QStringLiteral("ledger rule: %1 also delivered %2; the provider: \"%3.\"").arg(environment, named, rule));
    }
    return problems;
}
