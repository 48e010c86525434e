#pragma once

#include <QObject>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

class EventStore;

/**
 * @brief A thread of its own with its own connection to the history: runs work there, one item
 * at a time, and hands each result back on the owner's thread.
 *
 * For what can take long on a large history (listing a filter's ids, counting, exporting,
 * importing, reading deliveries with their answers): the window's thread never waits on it.
 * Destroying the worker waits for the item that runs (stopping() tells it to end early) and
 * drops the answers still to come.
 */
class HistoryWorker : public QObject
{
    Q_OBJECT

public:
    explicit HistoryWorker(const QString& name, QObject* parent = nullptr);
    ~HistoryWorker() override;

    /// Runs @p work() on the worker's thread, then @p done(result) on this object's thread.
    template<typename Work, typename Done> void run(Work work, Done done)
    {
        QMetaObject::invokeMethod(m_context, [this, work = std::move(work), done = std::move(done)]() mutable {
            if (stopping()) {
                return;
            }
            auto result = work();
            answer([done = std::move(done), result = std::move(result)]() mutable { done(result); });
        });
    }
    /// From the worker's thread: runs @p f on this object's thread (progress, partial results).
    void answer(std::function<void()> f);
    /// On the worker's thread only: its connection to @p path, opened on first use (the history
    /// must exist); null with @p error when it can't be opened.
    EventStore* store(const QString& path, QString* error);
    /// The worker is being destroyed: long work ends early.
    bool stopping() const { return m_stopping.load(); }

private:
    QThread m_thread;
    QObject* m_context; ///< lives on m_thread: work runs as its queued calls
    std::unique_ptr<EventStore> m_store; ///< used on m_thread only
    QString m_storePath;
    std::atomic<bool> m_stopping {false};
};
