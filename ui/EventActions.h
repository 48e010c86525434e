#pragma once

#include <QList>
#include <QObject>

#include <functional>

class EventTableModel;
class QAction;
class QTableView;

/**
 * The table's actions: copy body, key or cURL command of the current event, delete the selected
 * events, clear the history. They sit on the table (its context menu, and shortcuts while it has
 * the focus) and are enabled only when they apply.
 */
class EventActions : public QObject
{
    Q_OBJECT

public:
    using Confirm = std::function<bool(const QString& question)>;

    /// @p baseUrl gives the capture endpoint ("http://127.0.0.1:8787/") for the cURL command.
    EventActions(QTableView* table, EventTableModel* model, std::function<QString()> baseUrl);

    /// Asks before a delete or a clear; a QMessageBox unless a test answers instead.
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    using Warn = std::function<void(const QString& message)>;
    /// Says that a delete or a clear failed; a QMessageBox unless a test listens instead.
    void setWarn(Warn warn) { m_warn = std::move(warn); }

    QAction* copyBodyAction() const { return m_copyBody; }
    QAction* copyKeyAction() const { return m_copyKey; }
    QAction* copyCurlAction() const { return m_copyCurl; }
    QAction* deleteAction() const { return m_delete; }
    QAction* clearAction() const { return m_clear; }

    void updateEnabled();

signals:
    /// Events were deleted or the history cleared: views that count events must re-read.
    void historyChanged();

private:
    QAction* addAction(const QString& text, const char* objectName, const QKeySequence& shortcut);
    qint64 currentId() const;
    QList<qint64> selectedIds() const;
    void copyBody();
    void copyKey();
    void copyCurl();
    void deleteSelected();
    void clearHistory();

    QTableView* m_table;
    EventTableModel* m_model;
    std::function<QString()> m_baseUrl;
    Confirm m_confirm;
    Warn m_warn;
    QAction* m_copyBody;
    QAction* m_copyKey;
    QAction* m_copyCurl;
    QAction* m_delete;
    QAction* m_clear;
};
