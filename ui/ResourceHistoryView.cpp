#include "ResourceHistoryView.h"

#include "CopiesView.h"
#include "DiffView.h"
#include "EventRowDelegate.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

QLabel* plainLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

ResourceHistoryView::ResourceHistoryView(QWidget* parent)
    : QWidget(parent)
    , m_message(plainLabel(QStringLiteral("resourceMessageLabel"), this))
    , m_content(new QWidget(this))
    , m_summary(plainLabel(QStringLiteral("resourceSummaryLabel"), m_content))
    , m_tree(new QTreeWidget(m_content))
{
    m_message->setAlignment(Qt::AlignCenter);
    m_content->setObjectName(QStringLiteral("resourceContentWidget"));
    m_tree->setObjectName(QStringLiteral("resourceTreeWidget"));
    m_tree->setHeaderLabels({tr("Received"), tr("Event", "the webhook's event name"), tr("Environment"),
        tr("Id", "event id"), tr("Key", "idempotency key"), tr("Note")});
    m_tree->setUniformRowHeights(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->header()->setStretchLastSection(true);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const qint64 id = (item->parent() ? item->parent() : item)->data(IdColumn, Qt::UserRole).toLongLong();
        if (id > 0 && id != m_current) {
            emit jumpRequested(id);
        }
    });
    auto* content = new QVBoxLayout(m_content);
    content->setContentsMargins(0, 0, 0, 0);
    content->addWidget(m_summary);
    content->addWidget(m_tree, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_message, 1);
    layout->addWidget(m_content, 1);
    showMessage(QString());
}

void ResourceHistoryView::showMessage(const QString& message)
{
    m_history = ResourceHistory();
    m_current = 0;
    m_tree->clear();
    m_message->setText(message);
    m_message->show();
    m_content->hide();
}

void ResourceHistoryView::showLoading(qint64 id)
{
    QTreeWidgetItem* found = nullptr;
    for (int row = 0; row < m_tree->topLevelItemCount() && !found; ++row) {
        if (m_tree->topLevelItem(row)->data(IdColumn, Qt::UserRole).toLongLong() == id) {
            found = m_tree->topLevelItem(row);
        }
    }
    if (!found || !m_content->isVisibleTo(this)) {
        showMessage(tr("Reading the resource's history\u2026"));
        return;
    }
    // Another event of the resource on screen: move the mark now, the rest follows when it is read.
    m_current = id;
    for (int row = 0; row < m_tree->topLevelItemCount(); ++row) {
        QTreeWidgetItem* item = m_tree->topLevelItem(row);
        QFont font = item->font(TimeColumn);
        font.setBold(item == found);
        for (int column = 0; column < ColumnCount; ++column) {
            item->setFont(column, font);
        }
    }
    m_tree->setCurrentItem(found);
    m_tree->scrollToItem(found);
}

int ResourceHistoryView::warningCount(const ResourceHistory& history)
{
    int count = 0;
    for (const ResourceHistory::Entry& entry : history.entries) {
        count += static_cast<int>(entry.warnings.size());
    }
    return count;
}

QString ResourceHistoryView::warningText(const ResourceHistory::Warning& warning)
{
    switch (warning.kind) {
    case ResourceHistory::Warning::Kind::BeforeCreate:
        return tr("arrived before the resource was created (#%1)").arg(warning.otherId);
    case ResourceHistory::Warning::Kind::AfterDelete:
        return tr("arrived after the resource was deleted (#%1)").arg(warning.otherId);
    case ResourceHistory::Warning::Kind::CreatedAgain:
        return tr("created again: #%1 created it first").arg(warning.otherId);
    }
    return QString();
}

QString ResourceHistoryView::noteText(const ResourceHistory::Entry& entry)
{
    QStringList parts;
    for (const ResourceHistory::Warning& warning : entry.warnings) {
        parts << QStringLiteral("\u26a0 ") + warningText(warning);
    }
    const qint64 firstCopy = entry.event.duplicateOf;
    if (entry.step == ResourceHistory::Step::Retry) {
        parts << (entry.event.conflict ? tr("conflict: reuses the key of #%1 with other data").arg(firstCopy)
                                       : tr("retry of #%1, not a change").arg(firstCopy));
    } else if (entry.previousId != 0) {
        parts << tr("%1 since #%2").arg(DiffView::summary(entry.diff), QString::number(entry.previousId));
    } else if (entry.step != ResourceHistory::Step::Create) {
        parts << tr("no earlier step listed to compare with");
    }
    return parts.join(QStringLiteral("; "));
}

void ResourceHistoryView::setHistory(const ResourceHistory& history, qint64 currentId)
{
    m_history = history;
    m_current = currentId;
    if (history.entries.isEmpty()) {
        showMessage(tr("This event is about no resource: it names no channel or no data.id."));
        return;
    }
    QStringList summary;
    summary << tr("%n event(s) on %1 %2, oldest first.", nullptr, static_cast<int>(history.total))
                   .arg(history.channel, history.resourceId);
    if (history.entries.size() < history.total) {
        summary << tr("Listing events %1 to %2, around this one.")
                       .arg(QString::number(history.firstIndex + 1),
                           QString::number(history.firstIndex + history.entries.size()));
    }
    const int warnings = warningCount(history);
    if (warnings > 0) {
        summary << tr("%n warning(s): the order of these events makes no sense.", nullptr, warnings);
    }
    if (history.noCreate) {
        summary << tr("No create in the history: the resource may be older than the capture.");
    }
    m_summary->setText(summary.join(QLatin1Char(' ')));
    m_message->hide();
    m_content->show();
    fill();
}

QTreeWidgetItem* ResourceHistoryView::entryItem(const ResourceHistory::Entry& entry)
{
    const EventSummary& e = entry.event;
    auto* item = new QTreeWidgetItem({CopiesView::timeText(e.receivedAtMs), e.event, e.environment, tr("#%1").arg(e.id),
        e.idempotencyKey, noteText(entry)});
    item->setData(IdColumn, Qt::UserRole, e.id);
    const bool retry = entry.step == ResourceHistory::Step::Retry;
    const bool warn = !entry.warnings.isEmpty() || (retry && e.conflict);
    QFont font = m_tree->font();
    font.setBold(e.id == m_current);
    for (int column = 0; column < ColumnCount; ++column) {
        item->setFont(column, font);
        if (warn) {
            item->setBackground(column, EventRowDelegate::tint(palette(), true, true, false));
        } else if (retry) {
            // A redelivery, not a step: shown, but quieter than the steps.
            item->setForeground(column, palette().color(QPalette::PlaceholderText));
        }
    }
    if (!entry.warnings.isEmpty()) {
        item->setIcon(TimeColumn, style()->standardIcon(QStyle::SP_MessageBoxWarning));
    }
    if (entry.previousId != 0 && entry.diff.outcome != JsonDiff::Outcome::Same) {
        QFont mono = m_tree->font();
        mono.setFamily(QStringLiteral("monospace"));
        mono.setStyleHint(QFont::TypeWriter);
        QList<DiffView::Row> rows = DiffView::rows(entry.diff);
        if (rows.size() > MaxDiffRows) {
            const int more = static_cast<int>(rows.size() - MaxDiffRows);
            rows.resize(MaxDiffRows);
            rows.append({DiffView::Tone::Note, tr("\u2026 and %n more row(s).", nullptr, more)});
        }
        for (const DiffView::Row& row : std::as_const(rows)) {
            auto* child = new QTreeWidgetItem(item, {row.text});
            child->setFirstColumnSpanned(true);
            child->setFont(TimeColumn, mono);
            const QColor colour = DiffView::color(row.tone, palette());
            if (colour.isValid()) {
                child->setForeground(TimeColumn, colour);
            }
        }
    }
    return item;
}

void ResourceHistoryView::fill()
{
    m_tree->clear();
    QList<QTreeWidgetItem*> items;
    QTreeWidgetItem* current = nullptr;
    for (const ResourceHistory::Entry& entry : std::as_const(m_history.entries)) {
        items.append(entryItem(entry));
        if (entry.event.id == m_current) {
            current = items.last();
        }
    }
    m_tree->addTopLevelItems(items);
    for (QTreeWidgetItem* item : std::as_const(items)) {
        item->setExpanded(item->childCount() > 0 && item->childCount() <= ExpandRowLimit);
    }
    // The diff rows span every column: sized by them, the time column would take the whole width.
    const int iconRoom = m_tree->iconSize().width() > 0 ? m_tree->iconSize().width() : 16;
    m_tree->setColumnWidth(TimeColumn,
        fontMetrics().horizontalAdvance(QStringLiteral("2026-11-29 01:53:00.000")) + m_tree->indentation() + iconRoom
            + 16);
    for (int column = EventColumn; column < NoteColumn; ++column) {
        m_tree->resizeColumnToContents(column);
    }
    if (current) {
        m_tree->setCurrentItem(current);
        m_tree->scrollToItem(current);
    }
}

void ResourceHistoryView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_history.entries.isEmpty()) {
        fill(); // tints and diff colours blend with the base colour
    }
}
