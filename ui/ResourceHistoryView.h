#pragma once

#include "ResourceHistory.h"

#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

/// The Resource tab: every event on the selected event's resource (same channel and data.id),
/// oldest first, each step with what it changed in `data` since the step before (as child rows),
/// retries shown as retries, and a warning wherever the order makes no sense.
class ResourceHistoryView : public QWidget
{
    Q_OBJECT

public:
    enum Column { TimeColumn, EventColumn, EnvironmentColumn, IdColumn, KeyColumn, NoteColumn, ColumnCount };
    /// Steps with at most this many diff rows open expanded.
    static constexpr int ExpandRowLimit = 30;
    /// At most this many diff rows per step (the Copies tab of a step lists them all): 500 steps
    /// of a thousand changes each would be half a million rows.
    static constexpr int MaxDiffRows = 50;

    explicit ResourceHistoryView(QWidget* parent = nullptr);

    /// Shows @p message instead of a history (no resource, nothing selected, reading).
    void showMessage(const QString& message);
    /// Event @p id is selected and its resource's history is being read: a history that lists it
    /// stays up, marking it at once.
    void showLoading(qint64 id);
    /// Shows @p history, marking event @p currentId.
    void setHistory(const ResourceHistory& history, qint64 currentId);
    const ResourceHistory& history() const { return m_history; }
    /// How many warnings the history holds.
    static int warningCount(const ResourceHistory& history);

    /// The note of @p entry as the Note column says it ("3 changes since #4", "retry of #5"...).
    static QString noteText(const ResourceHistory::Entry& entry);
    /// One warning in words.
    static QString warningText(const ResourceHistory::Warning& warning);

signals:
    void jumpRequested(qint64 id);

protected:
    void changeEvent(QEvent* event) override;

private:
    void fill();
    QTreeWidgetItem* entryItem(const ResourceHistory::Entry& entry);

    ResourceHistory m_history;
    qint64 m_current = 0;
    QLabel* m_message;
    QWidget* m_content;
    QLabel* m_summary;
    QTreeWidget* m_tree;
};
