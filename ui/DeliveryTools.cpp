#include "DeliveryTools.h"

#include "AutoForward.h"
#include "DeliveriesView.h"
#include "DeliveryLog.h"
#include "DetailPane.h"
#include "EventTableModel.h"
#include "ExportDialog.h"
#include "ImportDialog.h"
#include "MenuBarMenu.h"
#include "ResendController.h"
#include "Secrets.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>

DeliveryTools::DeliveryTools(QMainWindow* window, CaptureServer* server, EventTableModel* model, QTableView* table,
    DetailPane* detail, const QString& dbPath)
    : QObject(window)
    , m_window(window)
    , m_model(model)
    , m_table(table)
    , m_detail(detail)
    , m_prompts(Prompts::messageBoxes(window))
    , m_secrets(new Secrets(this))
    , m_resend(new ResendController(table, model, m_secrets, this))
    , m_forward(new AutoForward(server, m_secrets, window))
    , m_log(new DeliveryLog(DeliveryLog::Source::History, window))
    , m_forwardLog(new DeliveryLog(DeliveryLog::Source::Session, window))
    , m_logDock(addDock(tr("Delivery log"), QStringLiteral("deliveryLogDock"), m_log))
    , m_forwardDock(addDock(tr("Forwarding log"), QStringLiteral("forwardingLogDock"), m_forwardLog))
    , m_export(new QAction(tr("Export…"), this))
    , m_import(new QAction(tr("Import…"), this))
{
    setObjectName(QStringLiteral("deliveryTools"));
    m_log->setObjectName(QStringLiteral("deliveryLog"));
    m_forwardLog->setObjectName(QStringLiteral("forwardingLog"));
    m_pickImportFiles = [this] {
        return QFileDialog::getOpenFileNames(m_window, tr("Import events"), QString(),
            tr("NDJSON or HAR (*.ndjson *.jsonl *.har *.json);;All files (*)"));
    };
    m_export->setObjectName(QStringLiteral("exportAction"));
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_import->setObjectName(QStringLiteral("importAction"));
    m_import->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    connect(m_export, &QAction::triggered, this, &DeliveryTools::openExport);
    connect(m_import, &QAction::triggered, this, &DeliveryTools::openImport);
    m_table->addAction(m_export);
    buildMenus();
    if (auto* bar = m_window->findChild<QToolBar*>(QStringLiteral("captureToolBar"))) {
        bar->addSeparator();
        bar->addAction(m_forward->toggleAction());
    }

    connect(m_resend, &ResendController::delivered, this, &DeliveryTools::recorded);
    connect(m_resend, &ResendController::resent, this, &DeliveryTools::showDeliveriesOf);
    connect(m_resend, &ResendController::statusMessage, this, &DeliveryTools::showStatus);
    connect(m_forward, &AutoForward::delivered, this, &DeliveryTools::recorded);
    connect(m_forward, &AutoForward::delivered, m_forwardLog, &DeliveryLog::deliveryRecorded);
    connect(m_forward, &AutoForward::statusChanged, m_forwardLog, &DeliveryLog::setStatus);
    connect(m_forward, &AutoForward::statusMessage, this, &DeliveryTools::showStatus);
    connect(m_forward, &AutoForward::started, this, [this] {
        m_forwardLog->clear();
        m_forwardDock->show();
    });
    for (DeliveryLog* log : {m_log, m_forwardLog}) {
        connect(log, &DeliveryLog::eventRequested, this, &DeliveryTools::eventRequested);
    }
    // The log reads the history when it is first shown, not at start-up.
    connect(m_logDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible) {
            m_log->refresh();
        }
    });
    setHistoryPath(dbPath);
}

DeliveryTools::~DeliveryTools() = default;

ExportDialog* DeliveryTools::exportDialog() const
{
    return m_exportDialog;
}

ImportDialog* DeliveryTools::importDialog() const
{
    return m_importDialog;
}

QDockWidget* DeliveryTools::addDock(const QString& title, const QString& objectName, QWidget* content)
{
    auto* dock = new QDockWidget(title, m_window);
    dock->setObjectName(objectName);
    dock->setWidget(content);
    m_window->addDockWidget(Qt::BottomDockWidgetArea, dock);
    dock->hide();
    return dock;
}

void DeliveryTools::buildMenus()
{
    QMenu* file = MenuBarMenu::named(m_window, tr("&File"));
    file->addAction(m_export);
    file->addAction(m_import);
    QMenu* events = MenuBarMenu::named(m_window, tr("&Events"));
    events->addAction(m_resend->resendAction());
    events->addAction(m_resend->resendShownAction());
    events->addSeparator();
    events->addAction(m_forward->toggleAction());
    events->addSeparator();
    QAction* log = m_logDock->toggleViewAction();
    log->setObjectName(QStringLiteral("deliveryLogAction"));
    log->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    events->addAction(log);
    QAction* forwardLog = m_forwardDock->toggleViewAction();
    forwardLog->setObjectName(QStringLiteral("forwardingLogAction"));
    events->addAction(forwardLog);
}

void DeliveryTools::setHistoryPath(const QString& path)
{
    m_dbPath = path;
    m_resend->setHistoryPath(path);
    m_forward->setHistoryPath(path);
    m_log->setHistoryPath(path);
}

void DeliveryTools::setPrompts(const Prompts& prompts)
{
    m_prompts = prompts;
    m_resend->setPrompts(prompts);
    m_forward->setPrompts(prompts);
}

void DeliveryTools::setTimeout(int ms)
{
    m_resend->setTimeout(ms);
    m_forward->setTimeout(ms);
}

void DeliveryTools::recorded(const Delivery& delivery)
{
    m_log->deliveryRecorded(delivery);
    if (DeliveriesView* view = m_detail->deliveriesView()) {
        view->deliveryRecorded(delivery);
    }
}

void DeliveryTools::showDeliveriesOf(qint64 eventId)
{
    // The answer next to the event: its Deliveries tab comes to the front (it re-read itself).
    DeliveriesView* view = m_detail->deliveriesView();
    auto* tabs = m_detail->findChild<QTabWidget*>(QStringLiteral("detailTabWidget"));
    if (view && tabs && m_detail->eventId() == eventId) {
        tabs->setCurrentWidget(view);
    }
}

void DeliveryTools::showStatus(const QString& message)
{
    m_window->statusBar()->showMessage(message, 10000);
}

void DeliveryTools::openExport()
{
    auto* dialog = new ExportDialog(m_dbPath, m_model->filter(), m_resend->selectedIds(), m_prompts, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_exportDialog = dialog;
    dialog->open();
}

void DeliveryTools::openImport()
{
    const QStringList files = m_pickImportFiles();
    if (files.isEmpty()) {
        return;
    }
    auto* dialog = new ImportDialog(m_dbPath, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_importDialog = dialog;
    connect(dialog, &ImportDialog::importFinished, this, [this](qint64 imported) {
        if (imported > 0) {
            m_model->reload();
            emit historyChanged();
        }
    });
    dialog->open();
    dialog->start(files);
}
