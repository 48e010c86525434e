#pragma once

#include "IngestItem.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <functional>

class EventStore;

/**
 * @brief The one thread that writes captured requests to the history, in group commits.
 *
 * Everything submitted while a commit runs goes into the next transaction, so one fsync covers
 * many requests. The result handler runs on this thread after each commit (or failed commit):
 * only then may a connection answer 2xx.
 *
 * It also keeps the text index (TextIndex) up with the history, without slowing capture down:
 * under light load (a few events a second) each batch indexes a little in its own transaction,
 * and once nothing has arrived for a moment the writer indexes what is left in small transactions
 * of its own. A burst is never indexed while it lasts; the index catches up after it.
 */
class EventWriter : public QThread
{
    Q_OBJECT

public:
    using ResultHandler = std::function<void(IngestResults&&)>;

    EventWriter(const QString& dbPath, ResultHandler handler, QObject* parent = nullptr);
    ~EventWriter() override;

    /// Starts the thread and waits until the history is open; false (see errorString()) if it can't be.
    bool startAndOpen();
    QString errorString() const { return m_error; }

    void submit(IngestItem&& item);
    /// Commits everything submitted so far, then ends the thread.
    void stopAndDrain();

signals:
    void eventsStored(const QList<qint64>& ids);
    void storeFailed(const QString& error);

protected:
    void run() override;

private:
    /// Stores @p batch in one transaction; under light load it also indexes a little text.
    void writeBatch(EventStore& store, QList<IngestItem>& batch);
    /// Waits for the next batch into @p batch; false when there is none: stopping, or quiet with
    /// the text index behind (nothing came for a while, or nothing since the last idle work).
    bool nextBatch(QList<IngestItem>& batch, bool justIndexed);
    /// Whether fewer than a few events a second arrive (see EventWriter.cpp).
    bool lightLoad();

    const QString m_dbPath;
    const ResultHandler m_handler;
    QString m_error;
    QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_opened;
    QList<IngestItem> m_queue;
    bool m_stopping = false;
    int m_openState = 0; ///< 0 opening, 1 open, -1 failed
    // Writer thread only.
    bool m_textBehind = true; ///< events may be missing from the text index
    QElapsedTimer m_clock;
    qint64 m_secondStartMs = 0;
    int m_eventsThisSecond = 0; ///< stored since m_secondStartMs
    int m_eventsLastSecond = 0; ///< stored in the second before
};
