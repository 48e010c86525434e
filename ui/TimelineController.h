#pragma once

#include "EventFilter.h"
#include "TimelineBucket.h"

#include <QObject>

#include <memory>

class EventStore;
class QTimer;
class TimelineWidget;

/**
 * @brief Keeps a TimelineWidget showing the history: the filtered events over the whole span of
 * the history, in as many buckets as the widget's width holds.
 *
 * It reads through its own connection to the history file. Counting the whole history walks
 * every row (~720 ms for 1,000,000 events), so that happens only when the filter, the width or
 * the range changes: the range ends a little after the newest event, and new events, at most
 * every 500 ms, are counted by id (a few ms) and added to the buckets shown.
 */
class TimelineController : public QObject
{
    Q_OBJECT

public:
    explicit TimelineController(TimelineWidget* widget, QObject* parent = nullptr);
    ~TimelineController() override;

    /// Reads the history at @p dbPath (which must exist); false with errorString() otherwise.
    bool open(const QString& dbPath);
    QString errorString() const { return m_error; }

    /// Shows the events @p filter lets through (its since and until are ignored: the strip shows
    /// the whole span and draws the range as its selection).
    void setFilter(const EventFilter& filter);
    const EventFilter& filter() const { return m_filter; }

public slots:
    /// New events were committed (CaptureServer::eventsStored): redraw within 500 ms.
    void eventsStored(const QList<qint64>& ids);
    /// Re-reads every bucket now (after a delete, or another process's writes).
    void refresh();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// Adds the events stored since the last count; recounts everything when one falls out of the range.
    void addNewEvents();

    TimelineWidget* m_widget;
    std::unique_ptr<EventStore> m_store;
    QTimer* m_pending; ///< coalesces arrivals and resizes into one refresh
    EventFilter m_filter;
    QString m_error;
    QList<TimelineBucket> m_buckets; ///< what the widget shows
    qint64 m_from = 0;
    qint64 m_to = 0;
    qint64 m_countedUpTo = 0; ///< every event up to this id is in m_buckets (when it matches)
    qint64 m_announced = 0; ///< the newest id eventsStored() told of (committed, so visible)
    bool m_recount = true; ///< the next refresh counts the whole history
};
