#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

/**
 * @brief The provider's channels and the actions each offers, from resources/channels.json.
 */
class Catalog
{
public:
    struct Channel
    {
        QString name; ///< "Invoice Payments"
        QString channel; ///< "invoice_payments"
        QStringList actions; ///< "created", "updated", "deleted" as offered
    };

    /// The catalog compiled into Hookscope (loaded once, then shared).
    static const Catalog& builtIn();
    /// Parses a catalog document; returns an empty catalog and sets @p error when it is unusable.
    static Catalog fromJson(const QByteArray& json, QString* error = nullptr);

    const QList<Channel>& channels() const { return m_channels; }
    bool hasChannel(const QString& channel) const { return m_index.contains(channel); }
    bool offers(const QString& channel, const QString& action) const;
    QStringList actions(const QString& channel) const;
    QStringList environments() const { return m_environments; }
    int eventCount() const;

private:
    QList<Channel> m_channels;
    QHash<QString, qsizetype> m_index;
    QStringList m_environments;
};
