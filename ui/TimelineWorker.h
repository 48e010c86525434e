#pragma once

#include "EventFilter.h"
#include "TimelineBucket.h"

#include <QList>
#include <QObject>

#include <atomic>
#include <memory>

class EventStore;

/**
 * @brief Counts the timeline's buckets on a worker thread, through its own connection.
 *
 * TimelineController posts requests that each carry the whole wanted state (filter, bucket count,
 * newest announced id); the worker keeps the buckets it counted and answers each request with a
 * full recount (a new filter, width or refresh, or an event outside the range) or by adding the
 * events stored since its last count. Requests queue up behind a recount (~0.7 s on a million
 * events): only the newest is worked on, the others are folded into it.
 */
class TimelineWorker : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        quint64 serial = 0; ///< grows with every request: all but the newest are skipped
        quint64 generation = 0; ///< the filter's: results carry it, so stale ones can be dropped
        EventFilter filter; ///< its since and until are ignored
        int buckets = 0;
        qint64 announced = 0; ///< the newest committed id the controller was told of
        bool recount = false; ///< count the whole history again (a refresh)
    };

    TimelineWorker();
    ~TimelineWorker() override;

    /// Opens the history; call on the worker's thread (the connection belongs to it).
    bool open(const QString& dbPath, QString* error);
    /// Thread-safe: @p serial is the newest request posted; older ones still queued are skipped.
    void setLatest(quint64 serial) { m_latest.store(serial); }
    /// Works on @p request on the worker's thread (post it with a queued call).
    void count(const TimelineWorker::Request& request);

signals:
    /// The buckets of the filter of @p generation, equal slices of [@p from, @p to).
    void counted(quint64 generation, qint64 from, qint64 to, const QList<TimelineBucket>& buckets);

private:
    void recount();
    void addNewEvents();

    std::unique_ptr<EventStore> m_store;
    std::atomic<quint64> m_latest {0};
    EventFilter m_filter;
    quint64 m_generation = 0;
    int m_bucketCount = 0;
    QList<TimelineBucket> m_buckets; ///< what was last counted
    qint64 m_from = 0;
    qint64 m_to = 0;
    qint64 m_countedUpTo = 0; ///< every event up to this id is in m_buckets (when it matches)
    qint64 m_announced = 0;
    bool m_recount = true; ///< the next request counts the whole history
};
