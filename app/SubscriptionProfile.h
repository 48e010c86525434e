#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

/**
 * @brief Which channels the user's webhook is subscribed to, per environment, as the user declares
 * them (kept in QSettings under "subscriptions/"). An environment with no declaration is not
 * checked.
 *
 * The provider's rule: the ledgers channel can't be combined with any other channel.
 */
class SubscriptionProfile
{
public:
    static constexpr QLatin1String LedgerChannel {"ledgers"};

    /// The provider's rule in its own words, as written in its documentation (typos included).
    static QString providerRule();

    /// The environments with a declaration, sorted.
    QStringList environments() const { return m_channels.keys(); }
    bool isDeclared(const QString& environment) const { return m_channels.contains(environment); }
    /// The channels declared for @p environment, sorted (empty when it has no declaration).
    QStringList channels(const QString& environment) const { return m_channels.value(environment); }
    bool includes(const QString& environment, const QString& channel) const;
    /// Declares @p channels for @p environment (sorted, without repeats).
    void setChannels(const QString& environment, const QStringList& channels);
    /// Takes @p environment's declaration back: it is no longer checked.
    void undeclare(const QString& environment) { m_channels.remove(environment); }

    /// Why the profile can't be used (ledgers with other channels, a channel the catalog lacks),
    /// in one line for the user; empty when it can.
    QString check() const;

    static SubscriptionProfile load();
    void save() const;

    bool operator==(const SubscriptionProfile& other) const { return m_channels == other.m_channels; }
    bool operator!=(const SubscriptionProfile& other) const { return !(*this == other); }

private:
    QMap<QString, QStringList> m_channels;
};
