#pragma once

#include "EventFilter.h"
#include "TimelineBucket.h"

#include <QObject>
#include <QThread>

class QTimer;
class TimelineWidget;
class TimelineWorker;

/**
 * @brief Keeps a TimelineWidget showing the history: the filtered events over the whole span of
 * the history, in as many buckets as the widget's width holds.
 *
 * The counting runs on a worker thread (TimelineWorker) with its own connection to the history
 * file: counting the whole history walks every row (~0.7 s for 1,000,000 events), which happens
 * when the filter, the width or the range changes; new events, at most every 500 ms, are counted
 * by id (a few ms) and added to the buckets shown. This thread only posts what it wants shown and
 * draws the answers; an answer for a filter that has been replaced since is dropped.
 */
class TimelineController : public QObject
{
    Q_OBJECT

public:
    explicit TimelineController(TimelineWidget* widget, QObject* parent = nullptr);
    ~TimelineController() override;

    /// Reads the history at @p dbPath (which must exist); false with errorString() otherwise. The
    /// buckets follow from the worker.
    bool open(const QString& dbPath);
    QString errorString() const { return m_error; }

    /// Shows the events @p filter lets through (its since and until are ignored: the strip shows
    /// the whole span and draws the range as its selection).
    void setFilter(const EventFilter& filter);
    const EventFilter& filter() const { return m_filter; }

public slots:
    /// New events were committed (CaptureServer::eventsStored): redraw within 500 ms.
    void eventsStored(const QList<qint64>& ids);
    /// Re-reads every bucket (after a delete, or another process's writes).
    void refresh();

signals:
    /// The widget was given new buckets (for the current filter).
    void bucketsShown();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void post(bool recount);
    void show(quint64 generation, qint64 from, qint64 to, const QList<TimelineBucket>& buckets);

    TimelineWidget* m_widget;
    QThread m_thread;
    TimelineWorker* m_worker; ///< lives on m_thread, deleted when it finishes
    QTimer* m_pending; ///< coalesces arrivals and resizes into one request
    EventFilter m_filter;
    QString m_error;
    bool m_open = false;
    quint64 m_serial = 0;
    quint64 m_generation = 0; ///< of m_filter: answers for older filters are dropped
    qint64 m_announced = 0; ///< the newest id eventsStored() told of (committed, so visible)
};
