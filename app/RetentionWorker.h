#pragma once

#include "RetentionPolicy.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

class EventStore;

/// Retention's passes, on Retention's thread, through an EventStore of its own.
class RetentionWorker : public QObject
{
    Q_OBJECT

public:
    /// Events deleted per transaction: the capture writer waits at most one batch for its commit.
    /// Measured on a million-event history: 500 take 80-110 ms, 2,000 take 270-330 ms (each
    /// deleted row touches its table page and eight index pages, all written to the WAL).
    static constexpr int BatchSize = 500;
    /// Between batches at least this, longer than SQLite's longest busy-handler sleep (100 ms), so a
    /// writer that waited for a batch gets the lock before the next one; and at least twice what the
    /// batch took, so retention holds the write lock a third of the time at most on a busy disk.
    static constexpr int PauseMs = 120;
    /// How often a long pass tells the window, so it does not show deleted rows for minutes.
    static constexpr int ReportEveryMs = 2000;

    explicit RetentionWorker(QObject* parent = nullptr);
    ~RetentionWorker() override;

    /// Starts a pass over the history at @p dbPath, or hands a running one the new policy and path.
    /// A pass ends with the first batch that is not full: what arrives meanwhile waits for the next.
    void run(const QString& dbPath, const RetentionPolicy& policy);

signals:
    /// Some events were deleted (@p count since the last report).
    void eventsRemoved(qint64 count);
    /// A pass ended: nothing left to delete, or a failure (@p removed in all).
    void passFinished(qint64 removed);
    void failed(const QString& error);

private:
    void step();
    /// Deletes one batch; true when it was full, so more may be due. False when done or failed.
    bool deleteBatch();
    void report();
    void finish();

    std::unique_ptr<EventStore> m_store;
    QString m_dbPath;
    RetentionPolicy m_policy;
    QTimer m_next;
    QElapsedTimer m_sinceReport;
    bool m_running = false;
    qint64 m_removed = 0;
    qint64 m_unreported = 0;
};
