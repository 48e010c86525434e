#include "TimelineController.h"

#include "EventStore.h"
#include "TimelineWidget.h"

#include <QEvent>
#include <QTimer>

#include <algorithm>

namespace {

constexpr int RefreshIntervalMs = 500;
/// A history that spans less than this is shown over this much time, ending at its newest event.
constexpr qint64 MinimumSpanMs = 60 * 1000;
/// Room after the newest event for those still to come, as a part of the span: live events land
/// in the range for a while before the next recount.
constexpr qint64 HeadroomDivisor = 8;

} // namespace

TimelineController::TimelineController(TimelineWidget* widget, QObject* parent)
    : QObject(parent)
    , m_widget(widget)
    , m_store(std::make_unique<EventStore>())
    , m_pending(new QTimer(this))
{
    m_pending->setSingleShot(true);
    m_pending->setInterval(RefreshIntervalMs);
    connect(m_pending, &QTimer::timeout, this, &TimelineController::addNewEvents);
    m_widget->installEventFilter(this);
}

TimelineController::~TimelineController() = default;

bool TimelineController::open(const QString& dbPath)
{
    if (!m_store->open(dbPath, EventStore::OpenMode::MustExist)) {
        m_error = m_store->errorString();
        return false;
    }
    m_error.clear();
    refresh();
    return true;
}

void TimelineController::setFilter(const EventFilter& filter)
{
    m_widget->setSelection(filter.since, filter.until);
    // The range is not part of what the strip counts: choosing one only moves the highlight.
    EventFilter counted = filter;
    counted.since = 0;
    counted.until = 0;
    if (counted == m_filter && !m_recount) {
        return;
    }
    m_filter = counted;
    refresh();
}

void TimelineController::eventsStored(const QList<qint64>& ids)
{
    for (const qint64 id : ids) {
        m_announced = std::max(m_announced, id);
    }
    if (!m_pending->isActive()) {
        m_pending->start();
    }
}

void TimelineController::refresh()
{
    m_pending->stop();
    m_recount = true;
    if (!m_store->isOpen()) {
        return;
    }
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
        m_widget->setBuckets(0, 0, {});
        return;
    }
    const qint64 span = std::max(newest + 1 - oldest, MinimumSpanMs);
    m_to = newest + 1 + span / HeadroomDivisor;
    m_from = std::min(oldest, newest + 1 - MinimumSpanMs);
    m_buckets = m_store->timeline(m_filter, m_from, m_to, m_widget->bucketCountHint());
    if (m_buckets.isEmpty()) {
        return;
    }
    m_countedUpTo = announced;
    for (const TimelineBucket& b : std::as_const(m_buckets)) {
        m_countedUpTo = std::max(m_countedUpTo, b.lastId);
    }
    m_recount = false;
    m_widget->setBuckets(m_from, m_to, m_buckets);
}

void TimelineController::addNewEvents()
{
    if (m_recount || m_buckets.isEmpty() || m_buckets.size() != m_widget->bucketCountHint()) {
        refresh();
        return;
    }
    const qint64 announced = m_announced;
    const qint64 after = m_countedUpTo;
    const QList<TimelineBucket> added = m_store->timeline(m_filter, m_from, m_to, m_buckets.size(), after);
    // Asked after the count, so it also sees whatever the count saw outside the range.
    qint64 oldest = 0;
    qint64 newest = 0;
    if (added.size() != m_buckets.size() || !m_store->timeSpan(m_filter, oldest, newest, after)
        || (newest != 0 && (oldest < m_from || newest >= m_to))) {
        refresh();
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
    m_widget->setBuckets(m_from, m_to, m_buckets);
}

bool TimelineController::eventFilter(QObject* watched, QEvent* event)
{
    // A new width holds another number of buckets: recount (at most every 500 ms while resizing).
    if (watched == m_widget && event->type() == QEvent::Resize) {
        m_recount = true;
        if (!m_pending->isActive()) {
            m_pending->start();
        }
    }
    return QObject::eventFilter(watched, event);
}
