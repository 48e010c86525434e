#pragma once

#include "TimelineBucket.h"

#include <QList>
#include <QWidget>

/**
 * @brief The strip above the table: arrivals over time as stacked bars (production, staging,
 * other), with marks for retries and problems; dragging across it picks a time range.
 *
 * It only paints what it is given (setBuckets()); TimelineController reads the history. Every
 * colour comes from the palette or is blended into it, so it reads in light and dark themes.
 */
class TimelineWidget : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineWidget(QWidget* parent = nullptr);

    /// Shows @p buckets, equal slices of [@p from, @p to) in order; an empty list shows "no events".
    void setBuckets(qint64 from, qint64 to, const QList<TimelineBucket>& buckets);
    qint64 from() const { return m_from; }
    qint64 to() const { return m_to; }
    const QList<TimelineBucket>& buckets() const { return m_buckets; }
    /// How many buckets fit the current width (one per 4 px).
    int bucketCountHint() const;

    /// Draws [@p since, @p until) as the selected range (0, 0: none); emits nothing.
    void setSelection(qint64 since, qint64 until);
    qint64 selectionSince() const { return m_selectionSince; }
    qint64 selectionUntil() const { return m_selectionUntil; }

    /// The rectangle the bars are drawn in (the axis labels are below it).
    QRect plotRect() const;
    /// The time under x (widget coordinates), clamped to the shown range.
    qint64 timeAt(int x) const;
    /// The bucket under x, or -1.
    int bucketAt(int x) const;
    /// The plain-text tooltip of bucket @p index (times and counts; never payload text).
    QString bucketToolTip(int index) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    /// The user dragged across [since, until) (ms since the epoch).
    void rangeSelected(qint64 since, qint64 until);
    /// The user double-clicked: no time range.
    void rangeCleared();

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    int xOf(qint64 time) const;
    QString timeText(qint64 ms) const;

    qint64 m_from = 0;
    qint64 m_to = 0;
    QList<TimelineBucket> m_buckets;
    qint64 m_selectionSince = 0;
    qint64 m_selectionUntil = 0;
    bool m_dragging = false;
    int m_dragStart = 0;
    int m_dragEnd = 0;
};
