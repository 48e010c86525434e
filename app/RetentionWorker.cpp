#include "RetentionWorker.h"

#include "EventStore.h"

#include <QDateTime>

namespace {

constexpr qint64 DayMs = 24 * 60 * 60 * 1000;

} // namespace

RetentionWorker::RetentionWorker(QObject* parent)
    : QObject(parent)
    , m_next(this)
{
    m_next.setSingleShot(true);
    connect(&m_next, &QTimer::timeout, this, &RetentionWorker::step);
}

RetentionWorker::~RetentionWorker() = default;

void RetentionWorker::run(const QString& dbPath, const RetentionPolicy& policy)
{
    m_policy = policy;
    if (dbPath != m_dbPath) {
        m_dbPath = dbPath;
        m_store.reset();
    }
    if (m_running) {
        return; // the pass under way reads the new policy and path at its next batch
    }
    m_running = true;
    m_removed = 0;
    m_unreported = 0;
    m_sinceReport.start();
    step();
}

void RetentionWorker::step()
{
    QElapsedTimer batch;
    batch.start();
    if (m_policy.isOff() || !deleteBatch()) {
        finish();
        return;
    }
    if (m_sinceReport.hasExpired(ReportEveryMs)) {
        report();
    }
    m_next.start(static_cast<int>(std::max<qint64>(PauseMs, 2 * batch.elapsed())));
}

bool RetentionWorker::deleteBatch()
{
    if (!m_store) {
        // MustExist: retention never creates a history; the capture does.
        m_store = std::make_unique<EventStore>();
        if (!m_store->open(m_dbPath, EventStore::OpenMode::MustExist)) {
            emit failed(m_store->errorString());
            m_store.reset();
            return false;
        }
    }
    const qint64 before = m_policy.keepDays > 0 ? QDateTime::currentMSecsSinceEpoch() - m_policy.keepDays * DayMs : 0;
    bool ok = false;
    const QList<qint64> ids = m_store->expiredIds(m_policy.keepEvents, before, BatchSize, &ok);
    if (!ok || !m_store->remove(ids)) {
        emit failed(m_store->errorString());
        return false;
    }
    m_removed += ids.size();
    m_unreported += ids.size();
    // Under steady capture there is always a new event beyond the count: a pass that chased them
    // would never end, committing a few deletions every pause.
    return ids.size() == BatchSize;
}

void RetentionWorker::report()
{
    if (m_unreported > 0) {
        emit eventsRemoved(std::exchange(m_unreported, 0));
    }
    m_sinceReport.start();
}

void RetentionWorker::finish()
{
    m_next.stop();
    m_running = false;
    report();
    emit passFinished(m_removed);
}
