#include "TimelineWorker.h"

#include "EventStore.h"

#include <algorithm>

namespace {

/// A history that spans less than this is shown over this much time, ending at its newest event.
constexpr qint64 MinimumSpanMs = 60 * 1000;
/// Room after the newest event for those still to come, as a part of the span: live events land
/// in the range for a while before the next recount.
constexpr qint64 HeadroomDivisor = 8;

} // namespace

TimelineWorker::TimelineWorker() = default;

TimelineWorker::~TimelineWorker() = default;

bool TimelineWorker::open(const QString& dbPath, QString* error)
{
    auto store = std::make_unique<EventStore>();
    if (!store->open(dbPath, EventStore::OpenMode::MustExist)) {
        *error = store->errorString();
        return false;
    }
    m_store = std::move(store);
    m_recount = true;
    return true;
}

void TimelineWorker::count(const Request& request)
{
    // Every request is folded into the state, in order, so that a skipped one is not lost: the
    // newest carries the filter and width, and whatever it skipped asked for a recount or not.
    m_announced = std::max(m_announced, request.announced);
    if (request.recount || request.generation != m_generation || request.buckets != m_bucketCount) {
        m_recount = true;
    }
    m_filter = request.filter;
    m_filter.since = 0;
    m_filter.until = 0;
    m_generation = request.generation;
    m_bucketCount = request.buckets;
    if (request.serial != m_latest.load() || !m_store) {
        return;
    }
    if (m_recount || m_buckets.isEmpty()) {
        recount();
    } else {
        addNewEvents();
    }
}

void TimelineWorker::recount()
{
    m_recount = true;
    // Events announced before the count are committed, so the count holds them.
    const qint64 announced = m_announced;
    qint64 oldest = 0;
    qint64 newest = 0;
    if (!m_store->timeSpan(m_filter, oldest, newest)) {
        return;
    }
    if (newest == 0) {
        m_buckets.clear();
        m_from = m_to = 0;
        m_countedUpTo = announced;
        m_recount = false;
        emit counted(m_generation, 0, 0, {});
        return;
    }
    const qint64 span = std::max(newest + 1 - oldest, MinimumSpanMs);
    const qint64 to = newest + 1 + span / HeadroomDivisor;
    const qint64 from = std::min(oldest, newest + 1 - MinimumSpanMs);
    QList<TimelineBucket> buckets = m_store->timeline(m_filter, from, to, m_bucketCount);
    if (buckets.isEmpty()) {
        return;
    }
    m_buckets = std::move(buckets);
    m_from = from;
    m_to = to;
    m_countedUpTo = announced;
    for (const TimelineBucket& b : std::as_const(m_buckets)) {
        m_countedUpTo = std::max(m_countedUpTo, b.lastId);
    }
    m_recount = false;
    emit counted(m_generation, m_from, m_to, m_buckets);
}

void TimelineWorker::addNewEvents()
{
    const qint64 announced = m_announced;
    const qint64 after = m_countedUpTo;
    const QList<TimelineBucket> added = m_store->timeline(m_filter, m_from, m_to, m_buckets.size(), after);
    // Asked after the count, so it also sees whatever the count saw outside the range.
    qint64 oldest = 0;
    qint64 newest = 0;
    if (added.size() != m_buckets.size() || !m_store->timeSpan(m_filter, oldest, newest, after)
        || (newest != 0 && (oldest < m_from || newest >= m_to))) {
        recount();
        return;
    }
    m_countedUpTo = std::max(m_countedUpTo, announced);
    for (qsizetype i = 0; i < added.size(); ++i) {
        const TimelineBucket& a = added.at(i);
        TimelineBucket& b = m_buckets[i];
        b.production += a.production;
        b.staging += a.staging;
        b.other += a.other;
        b.duplicates += a.duplicates;
        b.problems += a.problems;
        b.lastId = std::max(b.lastId, a.lastId);
        m_countedUpTo = std::max(m_countedUpTo, a.lastId);
    }
    emit counted(m_generation, m_from, m_to, m_buckets);
}
