#pragma once

#include "Catalog.h"
#include "StoredEvent.h"
#include "WebhookFactory.h"

#include <QByteArray>
#include <QList>
#include <QRandomGenerator64>

/**
 * @brief Makes a realistic webhook history, one event at a time, as capture would store it.
 *
 * Every event is a POST request that goes through Envelope::parse and StoredEvent::fromCapture,
 * so the rows differ from captured ones only in where they came from. What a history holds:
 * - the first 77 events are the catalog's channel events in order (so that a small history still
 *   has all of them); after that, channels and actions are drawn with weights (invoices and sales
 *   often, ledgers and the business rarely; created more than updated, updated more than deleted);
 * - updates and deletes act on resources created earlier (same data.id, mostly recent ones), so a
 *   resource has a history: created, updated a few times, deleted;
 * - about 70 % staging, 30 % production;
 * - about 3 % retries: an earlier event sent again with its key and body, and one retry in twenty
 *   with a changed body under the same key (a conflict);
 * - about 1 % broken: invalid JSON, a missing field, an unknown channel, an action the channel does
 *   not offer, an unknown environment, a key that is not a UUID, a form body;
 * - times increase with jitter so that @c count events span @c spanMs from @c startMs.
 *
 * Everything random comes from one QRandomGenerator64 seeded with @c seed: the same options give
 * the same events, byte for byte.
 */
class HistoryGenerator
{
public:
    struct Options
    {
        quint64 seed = 1;
        qint64 count = 0;
        qint64 startMs = 0;
        qint64 spanMs = 0;
        /// Resource ids (data.id) start here, above any that an appended-to history already uses.
        qint64 firstResourceId = 1;
    };

    HistoryGenerator(const Catalog& catalog, const Options& options);

    /// The next event, ready for EventStore::insert (which gives it its id and duplicate_of).
    StoredEvent next();

    /// Retries made so far that reuse an earlier key with a changed body.
    qint64 conflicts() const { return m_conflicts; }

private:
    struct Kind
    {
        int channel; ///< index into Catalog::channels()
        QString action;
    };

    /// What a retry needs to send the same request again.
    struct Sent
    {
        QByteArray body;
        HttpHeaders headers;
        QByteArray remote;
    };

    StoredEvent makeEvent(QByteArray body, HttpHeaders headers, const QByteArray& remote);
    StoredEvent goodEvent(const Kind& kind, bool remember);
    StoredEvent retry();
    StoredEvent brokenEvent();

    Kind drawKind();
    QByteArray drawEnvironment();
    HttpHeaders headers(const QByteArray& contentType, qsizetype contentLength);
    QByteArray remote();
    qint64 advanceClock();

    const Catalog& m_catalog;
    Options m_options;
    QRandomGenerator64 m_random;
    WebhookFactory m_factory; ///< draws from m_random, so it comes after it
    QList<Kind> m_kinds; ///< every channel event, in catalog order
    QList<int> m_kindWeights; ///< cumulative, parallel to m_kinds
    QList<Sent> m_recent; ///< a ring of recent good events, for retries
    qsizetype m_recentNext = 0;
    qint64 m_index = 0;
    double m_clock = 0; ///< ms after startMs
    double m_meanGapMs = 0;
    qint64 m_nowMs = 0;
    quint16 m_port = 40000;
    qint64 m_conflicts = 0;
};
