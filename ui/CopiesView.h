#pragma once

#include "KeyCopies.h"

#include <QWidget>

class DiffView;
class QAction;
class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

/// The Copies tab: every event that carries the selected event's idempotency key (count, first and
/// last seen, each copy with its answer and whether it is a retry or a conflict), ways to move
/// between them, and for a conflict the difference from the first copy, prominently.
class CopiesView : public QWidget
{
    Q_OBJECT

public:
    enum Column { CopyColumn, IdColumn, TimeColumn, StatusColumn, KindColumn, ColumnCount };

    explicit CopiesView(QWidget* parent = nullptr);

    /// Shows @p message instead of copies (no key, no history, nothing selected).
    void showMessage(const QString& message);
    /// Event @p id is selected and its copies are being read: a list of the same key stays up,
    /// marking @p id at once, so that moving through copies doesn't flicker.
    void showLoading(qint64 id);
    void setCopies(const KeyCopies& copies);
    const KeyCopies& copies() const { return m_copies; }

    /// First, previous and next copy, with their shortcuts: the pane adds them to itself so that
    /// they work wherever the focus is in the window.
    QList<QAction*> navigationActions() const;

    /// "2026-11-29 10:00:00.123", local time, as the table shows it.
    static QString timeText(qint64 msSinceEpoch);

signals:
    void jumpRequested(qint64 id);

protected:
    void changeEvent(QEvent* event) override;

private:
    void fillList();
    void markCurrent(qint64 id);
    void updateNavigation();
    void showVerdict();
    void jump(int step);

    KeyCopies m_copies;
    qint64 m_current = 0; ///< the selected event, marked in the list
    QLabel* m_message;
    QWidget* m_content;
    QLabel* m_summary;
    QLabel* m_position;
    QAction* m_firstAction;
    QAction* m_previousAction;
    QAction* m_nextAction;
    QTreeWidget* m_list;
    QLabel* m_listNote;
    QLabel* m_verdict; ///< retry, first copy or (tinted) conflict
    DiffView* m_diff;
};
