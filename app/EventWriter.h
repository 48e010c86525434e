#pragma once

#include "IngestItem.h"

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
    void writeBatch(EventStore& store, QList<IngestItem>& batch);

    const QString m_dbPath;
    const ResultHandler m_handler;
    QString m_error;
    QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_opened;
    QList<IngestItem> m_queue;
    bool m_stopping = false;
    int m_openState = 0; ///< 0 opening, 1 open, -1 failed
};
