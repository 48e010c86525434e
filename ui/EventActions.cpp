#include "EventActions.h"

#include "CurlCommand.h"
#include "EventTableModel.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QTableView>

#include <algorithm>

EventActions::EventActions(QTableView* table, EventTableModel* model, std::function<QString()> baseUrl)
    : QObject(table)
    , m_table(table)
    , m_model(model)
    , m_baseUrl(std::move(baseUrl))
    , m_confirm([table](const QString& question) {
        return QMessageBox::question(
                   table->window(), tr("Hookscope"), question, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    })
    , m_warn([table](const QString& message) { QMessageBox::warning(table->window(), tr("Hookscope"), message); })
{
    setObjectName(QStringLiteral("eventActions"));
    m_copyBody = addAction(tr("Copy body"), "copyBodyAction", QKeySequence::Copy);
    m_copyKey = addAction(tr("Copy idempotency key"), "copyKeyAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_copyCurl
        = addAction(tr("Copy as cURL command"), "copyCurlAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    auto* separator = new QAction(this);
    separator->setSeparator(true);
    m_table->addAction(separator);
    m_delete = addAction(tr("Delete event(s)"), "deleteAction", QKeySequence::Delete);
    m_clear
        = addAction(tr("Clear history…"), "clearHistoryAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete));
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(m_copyBody, &QAction::triggered, this, &EventActions::copyBody);
    connect(m_copyKey, &QAction::triggered, this, &EventActions::copyKey);
    connect(m_copyCurl, &QAction::triggered, this, &EventActions::copyCurl);
    connect(m_delete, &QAction::triggered, this, &EventActions::deleteSelected);
    connect(m_clear, &QAction::triggered, this, &EventActions::clearHistory);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &EventActions::updateEnabled);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &EventActions::updateEnabled);
    connect(m_model, &QAbstractItemModel::modelReset, this, &EventActions::updateEnabled);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &EventActions::updateEnabled);
    connect(m_model, &EventTableModel::countsChanged, this, &EventActions::updateEnabled);
    updateEnabled();
}

QAction* EventActions::addAction(const QString& text, const char* objectName, const QKeySequence& shortcut)
{
    auto* action = new QAction(text, this);
    action->setObjectName(QString::fromLatin1(objectName));
    action->setShortcut(shortcut);
    // Only while the table has the focus: Ctrl+C and Delete mean other things in the filter bar.
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(action);
    return action;
}

qint64 EventActions::currentId() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isRowSelected(current.row(), QModelIndex())) {
        return 0;
    }
    return m_model->eventId(current.row());
}

QList<qint64> EventActions::selectedIds() const
{
    QList<qint64> ids;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex& row : rows) {
        ids.append(m_model->eventId(row.row()));
    }
    ids.removeAll(0);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

void EventActions::updateEnabled()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const bool hasCurrent = currentId() != 0;
    m_copyBody->setEnabled(hasCurrent);
    m_copyCurl->setEnabled(hasCurrent);
    m_copyKey->setEnabled(
        hasCurrent && !m_model->index(current.row(), EventTableModel::Key).data().toString().isEmpty());
    m_delete->setEnabled(m_table->selectionModel()->hasSelection());
    m_clear->setEnabled(m_model->totalCount() > 0);
}

void EventActions::copyBody()
{
    const qint64 id = currentId();
    if (id != 0) {
        QGuiApplication::clipboard()->setText(CurlCommand::bodyText(m_model->event(id).body));
    }
}

void EventActions::copyKey()
{
    const qint64 id = currentId();
    if (id != 0) {
        const QString key = m_model->event(id).idempotencyKey;
        if (!key.isEmpty()) {
            QGuiApplication::clipboard()->setText(key);
        }
    }
}

void EventActions::copyCurl()
{
    const qint64 id = currentId();
    if (id != 0) {
        QGuiApplication::clipboard()->setText(CurlCommand::build(m_model->event(id), m_baseUrl()));
    }
}

void EventActions::deleteSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty()
        || !m_confirm(tr("Delete %n event(s) from the history?", nullptr, static_cast<int>(ids.size())))) {
        return;
    }
    if (!m_model->remove(ids)) {
        m_warn(tr("The events could not be deleted: %1").arg(m_model->errorString()));
        return;
    }
    emit historyChanged();
}

void EventActions::clearHistory()
{
    if (m_model->totalCount() == 0
        || !m_confirm(tr("Delete all %n event(s) from the history? This cannot be undone.", nullptr,
            static_cast<int>(m_model->totalCount())))) {
        return;
    }
    if (!m_model->clearHistory()) {
        m_warn(tr("The history could not be cleared: %1").arg(m_model->errorString()));
        return;
    }
    emit historyChanged();
}
