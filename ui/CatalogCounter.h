#pragma once

#include "CatalogCount.h"
#include "CatalogWorker.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QThread>

class QTimer;

/**
 * @brief Keeps the events of each channel event per environment for the catalog view, and reads
 * samples of a channel event's data shapes, on a worker thread (CatalogWorker, its own connection).
 *
 * Counting walks the rows (tests/bench: about a second on a million events), so the whole history
 * is counted once, then only the ids above the newest one counted, at most every
 * RefreshIntervalMs while events arrive; a delete or a clear counts everything again. One count
 * runs at a time; requests made meanwhile are folded into one more after it.
 */
class CatalogCounter : public QObject
{
    Q_OBJECT

public:
    static constexpr int RefreshIntervalMs = 2000;
    /// Events sampled for a channel event's shape: its newest ones.
    static constexpr int SampleSize = 2000;

    explicit CatalogCounter(QObject* parent = nullptr);
    ~CatalogCounter() override;

    /// Counts the history at @p dbPath (which must exist) from now on, starting at once.
    void open(const QString& dbPath);
    /// Per "channel\naction\nenvironment": the counts so far (empty until the first count is in).
    const QHash<QString, CatalogCount>& counts() const { return m_counts; }
    /// Whether the first count of the history is in.
    bool isCounted() const { return m_counted; }
    QString errorString() const { return m_error; }
    /// Reads the newest SampleSize events of a channel event; sampled() answers.
    void sample(const QString& channel, const QString& action);

public slots:
    /// New events were committed: count the new ones within RefreshIntervalMs.
    void eventsStored();
    /// Events were deleted or the history cleared: count everything now.
    void refresh();

signals:
    /// The counts changed; @p whole: the whole history was counted again (not just new events).
    void countsChanged(bool whole);
    void sampled(const ShapeSample& sample);
    void sampleFailed(const QString& error);

private:
    void post();
    void counted(quint64 generation, qint64 afterId, const QList<CatalogCount>& counts);
    void failed(quint64 generation, const QString& error);
    void finished();
    static QString keyOf(const CatalogCount& c);

    QThread m_thread;
    CatalogWorker* m_worker; ///< lives on m_thread, deleted when it finishes
    QTimer* m_delay;
    QElapsedTimer m_lastPost;
    QHash<QString, CatalogCount> m_counts;
    QString m_error;
    QString m_dbPath;
    qint64 m_countedUpTo = 0; ///< the newest id counted (0: count everything next)
    quint64 m_generation = 0; ///< of m_dbPath and m_countedUpTo's start: older answers are dropped
    quint64 m_sampleGeneration = 0;
    bool m_counted = false;
    bool m_busy = false;
    bool m_again = false;
    bool m_againNow = false;
};
