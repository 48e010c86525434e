#include "TimelineController.h"

#include "TimelineWidget.h"
#include "TimelineWorker.h"

#include <QEvent>
#include <QTimer>

#include <algorithm>

namespace {

constexpr int RefreshIntervalMs = 500;

} // namespace

TimelineController::TimelineController(TimelineWidget* widget, QObject* parent)
    : QObject(parent)
    , m_widget(widget)
    , m_worker(new TimelineWorker)
    , m_pending(new QTimer(this))
{
    m_thread.setObjectName(QStringLiteral("timeline"));
    m_worker->moveToThread(&m_thread);
    // Deleted on its own thread, which closes its connection there.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &TimelineWorker::counted, this, &TimelineController::show);
    m_thread.start();

    m_pending->setSingleShot(true);
    m_pending->setInterval(RefreshIntervalMs);
    connect(m_pending, &QTimer::timeout, this, [this] { post(false); });
    m_widget->installEventFilter(this);
}

TimelineController::~TimelineController()
{
    m_thread.quit();
    m_thread.wait();
}

bool TimelineController::open(const QString& dbPath)
{
    // Opening is quick (no rows are read): wait for it, so that a missing history is said at once.
    bool ok = false;
    QString error;
    QMetaObject::invokeMethod(
        m_worker, [&] { ok = m_worker->open(dbPath, &error); }, Qt::BlockingQueuedConnection);
    m_open = ok;
    m_error = error;
    if (ok) {
        refresh();
    }
    return ok;
}

void TimelineController::setFilter(const EventFilter& filter)
{
    m_widget->setSelection(filter.since, filter.until);
    // The range is not part of what the strip counts: choosing one only moves the highlight.
    EventFilter counted = filter;
    counted.since = 0;
    counted.until = 0;
    if (counted == m_filter) {
        return;
    }
    m_filter = counted;
    ++m_generation;
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
    post(true);
}

void TimelineController::post(bool recount)
{
    if (!m_open) {
        return;
    }
    TimelineWorker::Request request;
    request.serial = ++m_serial;
    request.generation = m_generation;
    request.filter = m_filter;
    request.buckets = m_widget->bucketCountHint();
    request.announced = m_announced;
    request.recount = recount;
    m_worker->setLatest(request.serial);
    TimelineWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        m_worker, [worker, request] { worker->count(request); }, Qt::QueuedConnection);
}

void TimelineController::show(quint64 generation, qint64 from, qint64 to, const QList<TimelineBucket>& buckets)
{
    if (generation != m_generation) {
        return; // counted for a filter the user has left since
    }
    m_widget->setBuckets(from, to, buckets);
    emit bucketsShown();
}

bool TimelineController::eventFilter(QObject* watched, QEvent* event)
{
    // A new width holds another number of buckets: the worker recounts when the request says so
    // (at most every 500 ms while resizing).
    if (watched == m_widget && event->type() == QEvent::Resize && !m_pending->isActive()) {
        m_pending->start();
    }
    return QObject::eventFilter(watched, event);
}
