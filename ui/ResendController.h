#pragma once

#include "Prompts.h"
#include "ResendJob.h"

#include <QObject>
#include <QPointer>

struct Delivery;
class EventTableModel;
class HistoryWorker;
class QAction;
class QTableView;
class ResendDialog;
class Secrets;

/**
 * @brief The table's resend: one event, the selection, or everything the filter shows (its ids
 * listed on a worker), through ResendDialog; then the target's secret from the keychain, and the
 * sending (ResendJob, or RequestSender for an edited event), with BulkResendDialog for several.
 * Every attempt is announced through delivered().
 */
class ResendController : public QObject
{
    Q_OBJECT

public:
    ResendController(QTableView* table, EventTableModel* model, Secrets* secrets, QObject* parent = nullptr);
    ~ResendController() override;

    void setHistoryPath(const QString& path) { m_dbPath = path; }
    void setPrompts(const Prompts& prompts) { m_prompts = prompts; }
    /// Seconds each answer may take (the Deliverer's default unless set).
    void setTimeout(int ms) { m_timeoutMs = ms; }

    QAction* resendAction() const { return m_resend; }
    QAction* resendShownAction() const { return m_resendShown; }
    /// The dialog opened last (still open, or null).
    ResendDialog* dialog() const;

    /// The selected events' ids, ascending.
    QList<qint64> selectedIds() const;
    /// Opens the dialog for the selected events (one: with "Edit before sending").
    void resendSelection();
    /// Opens the dialog for every event the table's filter lets through.
    void resendShown();

signals:
    /// One attempt, recorded in the history (delivery.id set) unless that failed.
    void delivered(const Delivery& delivery);
    /// A resend of event @p eventId alone has its answer: show it next to the event.
    void resent(qint64 eventId);
    void statusMessage(const QString& message);

private:
    ResendDialog* openDialog();
    void listScope(ResendDialog* dialog, const QList<qint64>& selected, bool wholeFilter);
    /// The dialog's choices, sent: after the target's secret was read.
    void start(ResendDialog* dialog);
    void sendEdited(const OutgoingRequest& request, qint64 eventId, const TargetAuth& auth);
    void runJob(const QList<qint64>& ids, const ResendOptions& options);
    void updateEnabled();

    QTableView* m_table;
    EventTableModel* m_model;
    Secrets* m_secrets;
    Prompts m_prompts;
    QString m_dbPath;
    int m_timeoutMs = Deliverer::DefaultTimeoutMs;
    HistoryWorker* m_worker;
    QAction* m_resend;
    QAction* m_resendShown;
    QPointer<ResendDialog> m_dialog;
};
