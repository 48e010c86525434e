#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>
#include <QThread>

class ChannelCountWorker;
class QTimer;

/**
 * @brief Keeps the number of events of each channel, for the filter bar's channel list.
 *
 * Counting groups the whole history (it walks the channel index: see tests/bench for a million
 * events), so it runs on a worker thread (ChannelCountWorker, its own connection). Arrivals
 * recount at most every RefreshIntervalMs; a delete or a clear recounts at once. One count runs
 * at a time: requests made meanwhile are folded into one more count after it.
 */
class ChannelCounter : public QObject
{
    Q_OBJECT

public:
    static constexpr int RefreshIntervalMs = 2000;

    explicit ChannelCounter(QObject* parent = nullptr);
    ~ChannelCounter() override;

    /// Counts the history at @p dbPath (which must exist) from now on, starting at once; counts
    /// of a history opened before are dropped.
    void open(const QString& dbPath);
    /// The last counts ("" = events without a channel); empty until the first count is in.
    const QHash<QString, qint64>& counts() const { return m_counts; }
    /// Why the last count failed; empty when it did not.
    QString errorString() const { return m_error; }

public slots:
    /// New events were committed: recount within RefreshIntervalMs.
    void eventsStored();
    /// Events were deleted or the history cleared: recount now.
    void refresh();

signals:
    void countsChanged(const QHash<QString, qint64>& counts);

private:
    void post();
    void counted(quint64 generation, const QHash<QString, qint64>& counts);
    void failed(quint64 generation, const QString& error);
    void finished();

    QThread m_thread;
    ChannelCountWorker* m_worker; ///< lives on m_thread, deleted when it finishes
    QTimer* m_delay; ///< holds arrivals back to one count per RefreshIntervalMs
    QElapsedTimer m_lastPost;
    QHash<QString, qint64> m_counts;
    QString m_error;
    QString m_dbPath;
    quint64 m_generation = 0; ///< of m_dbPath: counts of another history are dropped
    bool m_busy = false; ///< a count is running
    bool m_again = false; ///< arrivals came in while it ran
    bool m_againNow = false; ///< a refresh was asked while it ran
};
