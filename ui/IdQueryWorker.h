#pragma once

#include "EventFilter.h"

#include <QList>
#include <QObject>

#include <atomic>
#include <memory>

class EventStore;

/**
 * @brief Lists the ids a filter lets through, on a worker thread, for EventTableModel.
 *
 * It opens its own connection to the history on its thread, on first use. A query answers twice:
 * first the newest page of matching ids (a LIMIT query that stops as soon as it has them, so the
 * table shows rows fast even when the whole scan is slow), then every matching id; when the first
 * page holds fewer ids than asked for, it is already every id and the second scan is skipped.
 * Only ids up to the query's bound are answered: what the capture committed after it reaches the
 * table through its live arrivals.
 */
class IdQueryWorker : public QObject
{
    Q_OBJECT

public:
    struct Query
    {
        quint64 generation = 0; ///< the table's filter generation, echoed in the answers
        EventFilter filter;
        qint64 upTo = 0; ///< answer ids up to this one only
        int firstPage = 0; ///< how many ids the first answer holds at most; 0: one answer, allIds()
    };

    explicit IdQueryWorker(const QString& dbPath);
    ~IdQueryWorker() override;

    /// Thread-safe: queries for generations before @p generation are not worth answering any more.
    void supersede(quint64 generation) { m_latest.store(generation); }
    /// Runs @p query on the worker's thread (post it with a queued call).
    void run(const IdQueryWorker::Query& query);

signals:
    /// The newest matching ids, newest first; @p complete when they are every matching id.
    void firstPage(quint64 generation, const QList<qint64>& ids, bool complete);
    /// Every matching id, newest first (after a firstPage() that was not complete, or alone).
    void allIds(quint64 generation, const QList<qint64>& ids);
    void failed(quint64 generation, const QString& error);
    /// The query is over, answered or skipped: the worker is free.
    void done(quint64 generation);

private:
    bool superseded(quint64 generation) const { return generation < m_latest.load(); }
    /// The query's ids: false with failed() emitted when the store can't be read.
    bool list(const Query& query, int limit, QList<qint64>* ids);

    QString m_dbPath;
    std::unique_ptr<EventStore> m_store;
    std::atomic<quint64> m_latest {0};
};
