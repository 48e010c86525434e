#pragma once

#include <QObject>
#include <QPointer>

class CaptureChecks;
class CaptureServer;
class CatalogView;
class EventTableModel;
class FilterBar;
class QAction;
class QDockWidget;
class QMainWindow;
class QTableView;
class ScriptDialog;
class SendEventDialog;
class SignatureDialog;
class SubscriptionDialog;

/**
 * @brief The window's knowledge of the provider, wired in one place: the catalog view (a dock),
 * the checks the capture runs for it (CaptureChecks: scripted answers, signature checks, schema
 * drift, the subscription profile), and the Provider menu with its dialogs (send a test event,
 * scripted answers, signature checks, subscription profile, accept an event's data shape).
 */
class ProviderTools : public QObject
{
    Q_OBJECT

public:
    /// Gives the server the shared checks it lacks (restarting it when it runs: a running capture
    /// keeps the objects it started with) and loads what they keep from @p dbPath.
    ProviderTools(QMainWindow* window, CaptureServer* server, EventTableModel* model, QTableView* table,
        FilterBar* filterBar, const QString& dbPath);
    ~ProviderTools() override;

    /// The window shows and captures into another history.
    void setHistoryPath(const QString& path);

    CaptureChecks* checks() const { return m_checks; }
    CatalogView* catalogView() const { return m_catalog; }
    QDockWidget* catalogDock() const { return m_dock; }
    QAction* sendEventAction() const { return m_sendEvent; }
    QAction* scriptedAnswersAction() const { return m_scriptedAnswers; }
    QAction* signatureChecksAction() const { return m_signatureChecks; }
    QAction* subscriptionAction() const { return m_subscription; }
    QAction* acceptShapeAction() const { return m_acceptShape; }
    /// The dialogs while open.
    SendEventDialog* sendEventDialog() const;
    ScriptDialog* scriptDialog() const;
    SignatureDialog* signatureDialog() const;
    SubscriptionDialog* subscriptionDialog() const;

    void openSendEvent();
    void openScriptedAnswers();
    void openSignatureChecks();
    void openSubscription();
    /// Expects the data shape of the event selected in the table from now on (its channel event's).
    void acceptSelectedShape();

public slots:
    /// New events were committed.
    void eventsStored();
    /// Events were deleted or the history cleared.
    void historyChanged();

private:
    void installChecks(const QString& dbPath);
    void buildMenu();
    /// The channels each environment delivered (from the catalog's counts), for the subscription check.
    void noteSeenChannels();
    void showStatus(const QString& message);

    QMainWindow* m_window;
    CaptureServer* m_server;
    EventTableModel* m_model;
    QTableView* m_table;
    FilterBar* m_filterBar;
    QString m_dbPath;
    CaptureChecks* m_checks;
    CatalogView* m_catalog = nullptr;
    QDockWidget* m_dock = nullptr;
    QAction* m_sendEvent = nullptr;
    QAction* m_scriptedAnswers = nullptr;
    QAction* m_signatureChecks = nullptr;
    QAction* m_subscription = nullptr;
    QAction* m_acceptShape = nullptr;
    QPointer<SendEventDialog> m_sendDialog;
    QPointer<ScriptDialog> m_scriptDialog;
    QPointer<SignatureDialog> m_signatureDialog;
    QPointer<SubscriptionDialog> m_subscriptionDialog;
};
