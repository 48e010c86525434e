#pragma once

#include "Catalog.h"

#include <QByteArray>
#include <QList>
#include <QRandomGenerator64>

/**
 * @brief Makes the provider's webhooks as the provider would send them: the envelope, a message in
 * its style ("Invoice created successfully."), a fresh UUID key, and data that fits the resource
 * (ids, numbers, names, amounts in GHS, dates).
 *
 * Resources live on: an update or delete acts on a resource created earlier (same data.id, mostly a
 * recent one), so a resource has a history. A resource's fixed fields derive from its own seed, so
 * its events agree. Everything random comes from the generator it is given: the same generator
 * state gives the same webhooks, byte for byte (the benchmarks' histories rely on it).
 */
class WebhookFactory
{
public:
    enum class Family { Document, Payment, Party, PayRun, Product, Account, Journal, Loan, Business };

    /// A resource that exists at the provider; its fixed fields derive from @c seed.
    struct Resource
    {
        qint64 id;
        quint64 seed;
        qint64 createdAtMs;
    };

    struct Channel
    {
        QString name;
        QByteArray channel;
        QByteArray model; ///< singular, for messages: "Invoice Payment"
        Family family;
        bool keepsResources; ///< offers updated or deleted, so created resources are remembered
        qint64 nextId;
        QList<Resource> live;
    };

    /// @p seed and @p startMs fix the business profile; resource ids start at @p firstResourceId.
    WebhookFactory(
        const Catalog& catalog, QRandomGenerator64& random, quint64 seed, qint64 startMs, qint64 firstResourceId = 1);

    /// Catalog order.
    const QList<Channel>& channels() const { return m_channels; }
    /// The index of @p channel in channels(), -1 when the catalog has no such channel.
    int channelIndex(const QString& channel) const;

    /// A whole webhook body: @p action on channel @p channelIndex at @p nowMs.
    QByteArray webhook(
        int channelIndex, const QString& action, const QByteArray& environment, const QByteArray& key, qint64 nowMs);
    /// The provider's message for @p action on a channel: "Invoice Payment created successfully."
    QByteArray message(int channelIndex, const QString& action) const;
    /// The data object of @p action on a resource of channel @p channelIndex at @p nowMs.
    QByteArray data(int channelIndex, const QString& action, qint64 nowMs);
    /// The envelope around @p data, every field but @p omit (for broken webhooks).
    static QByteArray envelope(const QByteArray& event, const QByteArray& message, const QByteArray& key,
        const QByteArray& environment, const QByteArray& data, const char* omit = nullptr);
    /// A version 4 UUID, lower case, like the provider's keys.
    QByteArray uuid();

    /// Pesewas as the provider writes amounts: "1250.00".
    static QByteArray cedis(qint64 pesewas);
    /// "2026-11-29T10:15:30.000000Z", the provider's timestamps.
    static QByteArray isoTime(qint64 ms);

private:
    QRandomGenerator64& m_random;
    quint64 m_seed;
    qint64 m_startMs;
    QList<Channel> m_channels;
};
