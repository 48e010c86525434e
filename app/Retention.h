#pragma once

#include "RetentionPolicy.h"

#include <QObject>

class QThread;
class QTimer;
class RetentionWorker;

/**
 * @brief Keeps the history within a retention policy: deletes the oldest events beyond a count
 * and those older than some days, on a thread of its own.
 *
 * Each pass deletes in small transactions (RetentionWorker::BatchSize events) with a pause between
 * them, so the capture writer waits at most one batch and the caller's thread never waits. A
 * retry whose first copy is deleted keeps a consistent duplicate_of (EventStore::remove).
 */
class Retention : public QObject
{
    Q_OBJECT

public:
    /// Passes run every minute once a policy is set, and at once when it is set.
    static constexpr int DefaultIntervalMs = 60 * 1000;

    explicit Retention(QObject* parent = nullptr);
    /// Waits for the batch under way (never a whole pass).
    ~Retention() override;

    /// Applies @p policy to the history at @p dbPath now, then periodically; an off policy stops.
    void setPolicy(const QString& dbPath, const RetentionPolicy& policy);
    RetentionPolicy policy() const { return m_policy; }
    QString databasePath() const { return m_dbPath; }
    void setInterval(int ms);
    /// Starts a pass now (or lets the running one go on); passFinished() says when it is over.
    void runNow();

signals:
    /// Events were deleted: views that count events must re-read. Sent when a pass ends, and
    /// every few seconds during a long one.
    void eventsRemoved(qint64 count);
    /// A pass ended; @p removed events were deleted in it.
    void passFinished(qint64 removed);
    /// A pass stopped because the history could not be read or written.
    void failed(const QString& error);

private:
    QThread* m_thread;
    RetentionWorker* m_worker;
    QTimer* m_timer;
    QString m_dbPath;
    RetentionPolicy m_policy;
};
