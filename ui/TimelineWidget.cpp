#include "TimelineWidget.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace {

constexpr int StripHeight = 70;
constexpr int PixelsPerBucket = 4;
constexpr int DragThreshold = 3; // a shorter drag is a click, not a range

QColor blend(const QColor& base, const QColor& accent, qreal amount)
{
    return QColor::fromRgbF(base.redF() * (1 - amount) + accent.redF() * amount,
        base.greenF() * (1 - amount) + accent.greenF() * amount, base.blueF() * (1 - amount) + accent.blueF() * amount);
}

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// Production stands out (the table tints it in the same hue); staging and other recede into the palette.
QColor productionColor(const QPalette& palette)
{
    return isDark(palette) ? QColor(240, 90, 165) : QColor(200, 30, 110);
}

QColor stagingColor(const QPalette& palette)
{
    return blend(palette.color(QPalette::Base), palette.color(QPalette::Highlight), 0.6);
}

QColor otherColor(const QPalette& palette)
{
    return blend(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.35);
}

QColor retryColor(const QPalette& palette)
{
    return isDark(palette) ? QColor(250, 190, 40) : QColor(215, 140, 0);
}

QColor problemColor(const QPalette& palette)
{
    return isDark(palette) ? QColor(255, 95, 85) : QColor(210, 40, 40);
}

} // namespace

TimelineWidget::TimelineWidget(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("timelineWidget"));
    setFixedHeight(StripHeight);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(QString()); // tooltips are per bucket, see event()
}

void TimelineWidget::setBuckets(qint64 from, qint64 to, const QList<TimelineBucket>& buckets)
{
    m_from = from;
    m_to = to;
    m_buckets = buckets;
    update();
}

int TimelineWidget::bucketCountHint() const
{
    return std::max(1, plotRect().width() / PixelsPerBucket);
}

void TimelineWidget::setSelection(qint64 since, qint64 until)
{
    m_selectionSince = since;
    m_selectionUntil = until;
    update();
}

QRect TimelineWidget::plotRect() const
{
    const int labels = fontMetrics().height() + 2;
    return rect().adjusted(4, 4, -4, -labels);
}

qint64 TimelineWidget::timeAt(int x) const
{
    const QRect plot = plotRect();
    if (m_to <= m_from || plot.width() <= 0) {
        return 0;
    }
    const qint64 offset = std::clamp(x - plot.left(), 0, plot.width());
    return m_from + (m_to - m_from) * offset / plot.width();
}

int TimelineWidget::xOf(qint64 time) const
{
    const QRect plot = plotRect();
    if (m_to <= m_from) {
        return plot.left();
    }
    const qint64 clamped = std::clamp(time, m_from, m_to);
    return plot.left() + static_cast<int>((clamped - m_from) * plot.width() / (m_to - m_from));
}

int TimelineWidget::bucketAt(int x) const
{
    const QRect plot = plotRect();
    if (m_buckets.isEmpty() || x < plot.left() || x >= plot.left() + plot.width()) {
        return -1;
    }
    const qint64 index = static_cast<qint64>(x - plot.left()) * m_buckets.size() / plot.width();
    return static_cast<int>(std::min<qint64>(index, m_buckets.size() - 1));
}

QString TimelineWidget::timeText(qint64 ms) const
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms).toLocalTime();
    const qint64 span = m_to - m_from;
    if (span <= 2 * 60 * 1000) {
        return time.toString(QStringLiteral("HH:mm:ss.zzz"));
    }
    if (span <= 24 * 60 * 60 * 1000) {
        return time.toString(QStringLiteral("HH:mm:ss"));
    }
    return time.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString TimelineWidget::bucketToolTip(int index) const
{
    if (index < 0 || index >= m_buckets.size()) {
        return {};
    }
    const TimelineBucket& b = m_buckets.at(index);
    QStringList lines;
    lines.append(tr("%1 to %2").arg(timeText(b.from), timeText(b.to)));
    lines.append(tr("Events: %1").arg(b.total()));
    if (b.total() > 0) {
        lines.append(tr("Production: %1, staging: %2, other: %3").arg(b.production).arg(b.staging).arg(b.other));
        lines.append(tr("Retries: %1").arg(b.duplicates));
        lines.append(tr("With problems: %1").arg(b.problems));
    }
    // Times and numbers only, never payload text: QToolTip guesses rich text from '<', which
    // these lines never hold, so they show as they are.
    return lines.join(QLatin1Char('\n'));
}

QSize TimelineWidget::sizeHint() const
{
    return {400, StripHeight};
}

QSize TimelineWidget::minimumSizeHint() const
{
    return {100, StripHeight};
}

bool TimelineWidget::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = bucketToolTip(bucketAt(help->pos().x()));
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, this);
        }
        return true;
    }
    return QWidget::event(event);
}

void TimelineWidget::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(this);
    const QPalette& pal = palette();
    painter.fillRect(rect(), pal.color(QPalette::Base));
    const QRect plot = plotRect();
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());

    if (m_buckets.isEmpty() || m_to <= m_from) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter, tr("No events"));
        return;
    }

    // Bars are scaled to the busiest bucket; the top few pixels hold the retry and problem marks.
    constexpr int MarkHeight = 4;
    qint64 busiest = 1;
    for (const TimelineBucket& b : std::as_const(m_buckets)) {
        busiest = std::max(busiest, b.total());
    }
    const int barSpace = plot.height() - 2 * MarkHeight - 2;
    const int base = plot.bottom();
    const QColor colors[] = {otherColor(pal), stagingColor(pal), productionColor(pal)};
    const qsizetype count = m_buckets.size();
    for (qsizetype i = 0; i < count; ++i) {
        const TimelineBucket& b = m_buckets.at(i);
        const int left = plot.left() + static_cast<int>(i * plot.width() / count);
        const int right = plot.left() + static_cast<int>((i + 1) * plot.width() / count);
        const int width = std::max(1, right - left - (right - left > 2 ? 1 : 0));
        // Stacked from the bottom: other, staging, then production on top.
        const qint64 parts[] = {b.other, b.staging, b.production};
        qint64 below = 0;
        for (int part = 0; part < 3; ++part) {
            if (parts[part] == 0) {
                continue;
            }
            const int y0 = base - static_cast<int>(below * barSpace / busiest);
            below += parts[part];
            const int y1 = base - std::max(static_cast<int>(below * barSpace / busiest), 1);
            painter.fillRect(QRect(QPoint(left, y1), QPoint(left + width - 1, y0)), colors[part]);
        }
        if (b.duplicates > 0) {
            painter.fillRect(QRect(left, plot.top() + MarkHeight + 1, width, MarkHeight - 1), retryColor(pal));
        }
        if (b.problems > 0) {
            painter.fillRect(QRect(left, plot.top(), width, MarkHeight - 1), problemColor(pal));
        }
    }

    // The selected (or being dragged) range, over the bars.
    int selLeft = 0;
    int selRight = 0;
    if (m_dragging) {
        selLeft = std::min(m_dragStart, m_dragEnd);
        selRight = std::max(m_dragStart, m_dragEnd);
    } else if (m_selectionUntil > m_selectionSince) {
        selLeft = xOf(m_selectionSince);
        selRight = xOf(m_selectionUntil);
    }
    if (selRight > selLeft) {
        QColor highlight = pal.color(QPalette::Highlight);
        highlight.setAlpha(70);
        const QRect selection(selLeft, plot.top(), selRight - selLeft, plot.height());
        painter.fillRect(selection, highlight);
        painter.setPen(pal.color(QPalette::Highlight));
        painter.drawLine(selection.topLeft(), selection.bottomLeft());
        painter.drawLine(selection.topRight(), selection.bottomRight());
    }

    // Axis: the range's ends and its middle.
    painter.setPen(pal.color(QPalette::Text));
    const QRect labels(plot.left(), plot.bottom() + 2, plot.width(), height() - plot.bottom() - 2);
    painter.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, timeText(m_from));
    painter.drawText(labels, Qt::AlignHCenter | Qt::AlignVCenter, timeText(m_from + (m_to - m_from) / 2));
    painter.drawText(labels, Qt::AlignRight | Qt::AlignVCenter, timeText(m_to));
}

void TimelineWidget::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || m_to <= m_from) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_dragging = true;
    m_dragStart = event->position().toPoint().x();
    m_dragEnd = m_dragStart;
    update();
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_dragging) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    m_dragEnd = event->position().toPoint().x();
    update();
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent* event)
{
    if (!m_dragging || event->button() != Qt::LeftButton) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    m_dragging = false;
    m_dragEnd = event->position().toPoint().x();
    update();
    if (std::abs(m_dragEnd - m_dragStart) < DragThreshold) {
        return;
    }
    const qint64 since = timeAt(std::min(m_dragStart, m_dragEnd));
    const qint64 until = timeAt(std::max(m_dragStart, m_dragEnd));
    if (until > since) {
        setSelection(since, until);
        emit rangeSelected(since, until);
    }
}

void TimelineWidget::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mouseDoubleClickEvent(event);
        return;
    }
    m_dragging = false;
    setSelection(0, 0);
    emit rangeCleared();
}
