#pragma once

#include "Prompts.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

struct Delivery;
class AutoForward;
class CaptureServer;
class DeliveryLog;
class DetailPane;
class EventTableModel;
class ExportDialog;
class ImportDialog;
class QAction;
class QDockWidget;
class QMainWindow;
class QTableView;
class ResendController;
class Secrets;

/**
 * @brief The window's outward half, wired in one place: resend (ResendController), the Forward
 * toggle (AutoForward), the delivery log and the forwarding log (docks), export and import
 * (dialogs), their menus, and the Deliveries tab of the detail pane. One Secrets is shared by all,
 * so a secret kept "for this run only" (no keychain) serves every resend of the run.
 */
class DeliveryTools : public QObject
{
    Q_OBJECT

public:
    DeliveryTools(QMainWindow* window, CaptureServer* server, EventTableModel* model, QTableView* table,
        DetailPane* detail, const QString& dbPath);
    ~DeliveryTools() override;

    void setHistoryPath(const QString& path);
    /// Tests answer the questions and warnings instead of message boxes.
    void setPrompts(const Prompts& prompts);
    /// Tests name the files to import instead of a file dialog.
    void setImportFilePicker(std::function<QStringList()> picker) { m_pickImportFiles = std::move(picker); }
    /// How long each delivery may take (resend and forward).
    void setTimeout(int ms);

    Secrets* secrets() const { return m_secrets; }
    ResendController* resendController() const { return m_resend; }
    AutoForward* autoForward() const { return m_forward; }
    DeliveryLog* deliveryLog() const { return m_log; }
    DeliveryLog* forwardingLog() const { return m_forwardLog; }
    QAction* exportAction() const { return m_export; }
    QAction* importAction() const { return m_import; }
    /// The dialogs opened last (while open).
    ExportDialog* exportDialog() const;
    ImportDialog* importDialog() const;

    void openExport();
    void openImport();

signals:
    /// The user asked to see event @p id (double-click in a delivery log).
    void eventRequested(qint64 id);
    /// Events were added to the history (an import): views that count events must re-read.
    void historyChanged();

private:
    void buildMenus();
    QDockWidget* addDock(const QString& title, const QString& objectName, QWidget* content);
    /// An attempt was recorded: into the log and, when it is the shown event's, its Deliveries tab.
    void recorded(const Delivery& delivery);
    void showDeliveriesOf(qint64 eventId);
    void showStatus(const QString& message);

    QMainWindow* m_window;
    EventTableModel* m_model;
    QTableView* m_table;
    DetailPane* m_detail;
    QString m_dbPath;
    Prompts m_prompts;
    Secrets* m_secrets;
    ResendController* m_resend;
    AutoForward* m_forward;
    DeliveryLog* m_log;
    DeliveryLog* m_forwardLog;
    QDockWidget* m_logDock;
    QDockWidget* m_forwardDock;
    QAction* m_export;
    QAction* m_import;
    QPointer<ExportDialog> m_exportDialog;
    QPointer<ImportDialog> m_importDialog;
    std::function<QStringList()> m_pickImportFiles;
};
