#include "ResendController.h"

#include "BulkResendDialog.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "HistoryWorker.h"
#include "RequestSender.h"
#include "ResendDialog.h"
#include "Secrets.h"
#include "TargetPicker.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QTableView>

#include <algorithm>

namespace {

/// What the worker answers: the scope, or why it could not be listed.
struct ScopeRead
{
    ResendScope scope;
    QString error;
};

/// @p filter narrowed to the events of @p environment (none when the filter leaves them out).
bool narrowTo(EventFilter& filter, const QString& environment)
{
    if (!filter.environments.isEmpty() && !filter.environments.contains(environment)) {
        return false;
    }
    filter.environments = {environment};
    return true;
}

ScopeRead readScope(EventStore& store, const QList<qint64>& selected, bool wholeFilter, const EventFilter& filter)
{
    ScopeRead read;
    if (wholeFilter) {
        bool ok = false;
        read.scope.ids = store.ids(filter, 0, &ok);
        std::reverse(read.scope.ids.begin(), read.scope.ids.end()); // oldest first
        for (const auto& [environment, count] : {std::pair {QStringLiteral("production"), &read.scope.production},
                 std::pair {QStringLiteral("staging"), &read.scope.staging}}) {
            EventFilter narrowed = filter;
            *count = narrowTo(narrowed, environment) ? std::max<qint64>(0, store.count(narrowed)) : 0;
        }
        if (!ok) {
            read.error = store.errorString();
        }
        return read;
    }
    // A selection: only the events still in the history, with their environments.
    const QList<EventSummary> summaries = store.summaries(selected);
    for (const EventSummary& s : summaries) {
        read.scope.ids.append(s.id);
        read.scope.production += s.environment == QLatin1String("production") ? 1 : 0;
        read.scope.staging += s.environment == QLatin1String("staging") ? 1 : 0;
    }
    std::sort(read.scope.ids.begin(), read.scope.ids.end());
    if (summaries.isEmpty() && !store.errorString().isEmpty()) {
        read.error = store.errorString();
    }
    return read;
}

} // namespace

ResendController::ResendController(QTableView* table, EventTableModel* model, Secrets* secrets, QObject* parent)
    : QObject(parent)
    , m_table(table)
    , m_model(model)
    , m_secrets(secrets)
    , m_prompts(Prompts::messageBoxes(table))
    , m_worker(new HistoryWorker(QStringLiteral("resend scope"), this))
    , m_resend(new QAction(tr("Resend…"), this))
    , m_resendShown(new QAction(tr("Resend everything shown…"), this))
{
    setObjectName(QStringLiteral("resendController"));
    m_resend->setObjectName(QStringLiteral("resendAction"));
    m_resend->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_resend->setToolTip(tr("Send the selected events again, to a target of your choice (Ctrl+R)"));
    m_resendShown->setObjectName(QStringLiteral("resendShownAction"));
    m_resendShown->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_resendShown->setToolTip(tr("Send every event the filter shows again (Ctrl+Shift+R)"));
    // Only while the table has the focus, like the table's other actions.
    for (QAction* action : {m_resend, m_resendShown}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    }
    auto* separator = new QAction(this);
    separator->setSeparator(true);
    m_table->addActions({separator, m_resend, m_resendShown});
    connect(m_resend, &QAction::triggered, this, &ResendController::resendSelection);
    connect(m_resendShown, &QAction::triggered, this, &ResendController::resendShown);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ResendController::updateEnabled);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ResendController::updateEnabled);
    connect(m_model, &EventTableModel::countsChanged, this, &ResendController::updateEnabled);
    updateEnabled();
}

ResendController::~ResendController() = default;

void ResendController::updateEnabled()
{
    m_resend->setEnabled(m_table->selectionModel()->hasSelection());
    m_resendShown->setEnabled(m_model->rowCount() > 0);
}

QList<qint64> ResendController::selectedIds() const
{
    QList<qint64> ids;
    for (const QModelIndex& row : m_table->selectionModel()->selectedRows()) {
        ids.append(m_model->eventId(row.row()));
    }
    ids.removeAll(0);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

ResendDialog* ResendController::openDialog()
{
    auto* dialog = new ResendDialog(m_secrets, m_prompts, m_table->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { start(dialog); });
    m_dialog = dialog;
    return dialog;
}

void ResendController::resendSelection()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty()) {
        return;
    }
    ResendDialog* dialog = openDialog();
    if (ids.size() == 1) {
        const StoredEvent event = m_model->event(ids.first());
        if (event.id == 0) {
            emit statusMessage(tr("Event #%1 is no longer in the history.").arg(ids.first()));
            dialog->deleteLater();
            return;
        }
        dialog->setEvent(event);
    } else {
        dialog->setScopeLoading(
            tr("Resend the %n selected events, oldest first.", nullptr, static_cast<int>(ids.size())));
        listScope(dialog, ids, false);
    }
    dialog->open();
}

void ResendController::resendShown()
{
    ResendDialog* dialog = openDialog();
    dialog->setScopeLoading(m_model->filter().isEmpty() ? tr("Resend every event in the history, oldest first.")
                                                        : tr("Resend every event the filter shows, oldest first."));
    listScope(dialog, {}, true);
    dialog->open();
}

void ResendController::listScope(ResendDialog* dialog, const QList<qint64>& selected, bool wholeFilter)
{
    const QPointer<ResendDialog> target(dialog);
    m_worker->run(
        [worker = m_worker, path = m_dbPath, selected, wholeFilter, filter = m_model->filter()] {
            QString error;
            EventStore* store = worker->store(path, &error);
            return store ? readScope(*store, selected, wholeFilter, filter) : ScopeRead {ResendScope(), error};
        },
        [target](const ScopeRead& read) {
            if (!target) {
                return; // closed meanwhile
            }
            if (read.error.isEmpty()) {
                target->setScope(read.scope);
            } else {
                target->setScopeError(read.error);
            }
        });
}

void ResendController::start(ResendDialog* dialog)
{
    dialog->targetPicker()->remember();
    ResendOptions options;
    options.target = dialog->targetPicker()->target();
    options.key = dialog->key();
    options.timeoutMs = m_timeoutMs;
    // Confirmed crossings go; any other (an event listed after the check) is held back, and says so.
    options.crossEnvironments = dialog->crossEnvironmentsConfirmed();
    const bool editing = dialog->isEditing();
    const OutgoingRequest edited = dialog->editedRequest();
    const QList<qint64> ids = dialog->scope().ids;
    const auto go = [this, editing, edited, ids](const ResendOptions& chosen) {
        if (editing) {
            sendEdited(edited, ids.first(), chosen.auth);
        } else {
            runJob(ids, chosen);
        }
    };
    const DeliveryTarget& target = options.target;
    if (target.authKind == TargetAuth::Kind::None) {
        go(options);
        return;
    }
    emit statusMessage(tr("Reading the secret of %1 from the keychain…").arg(target.url.toString()));
    const QPointer<ResendController> self(this);
    m_secrets->read(target.secretKey(), [self, options, go](const Secrets::Result& secret) mutable {
        if (!self) {
            return;
        }
        if (!secret.ok) {
            self->m_prompts.warn(tr("The secret of %1 could not be read: %2\nNothing was sent.")
                                     .arg(options.target.url.toString(), secret.message));
            return;
        }
        options.auth.kind = options.target.authKind;
        options.auth.secret = secret.secret;
        options.auth.headerName = options.target.signatureHeader;
        options.auth.encoding = options.target.signatureEncoding;
        go(options);
    });
}

void ResendController::sendEdited(const OutgoingRequest& request, qint64 eventId, const TargetAuth& auth)
{
    OutgoingRequest signedRequest = request;
    signedRequest.applyAuth(auth);
    auto* sender = new RequestSender(m_dbPath, this);
    sender->setTimeout(m_timeoutMs);
    connect(sender, &RequestSender::sent, this, [this, sender](const Delivery& delivery, const QString& error) {
        sender->deleteLater();
        emit delivered(delivery);
        emit statusMessage(
            error.isEmpty() ? delivery.outcome() : tr("%1 (not recorded: %2)").arg(delivery.outcome(), error));
        emit resent(delivery.eventId);
    });
    emit statusMessage(tr("Sending #%1 to %2…").arg(eventId).arg(request.url.toString()));
    sender->send(signedRequest, eventId);
}

void ResendController::runJob(const QList<qint64>& ids, const ResendOptions& options)
{
    auto* job = new ResendJob(m_dbPath, ids, options, this);
    connect(job, &ResendJob::delivered, this, &ResendController::delivered);
    const bool single = ids.size() == 1;
    connect(job, &ResendJob::delivered, this, [this, single](const Delivery& delivery) {
        if (single) {
            emit statusMessage(delivery.outcome());
            emit resent(delivery.eventId);
        }
    });
    connect(job, &ResendJob::finished, job, &QObject::deleteLater);
    if (!job->start()) {
        m_prompts.warn(tr("Nothing was sent: %1").arg(job->errorString()));
        job->deleteLater();
        return;
    }
    if (single) {
        emit statusMessage(tr("Sending #%1 to %2…").arg(ids.first()).arg(options.target.url.toString()));
        return;
    }
    auto* progress = new BulkResendDialog(job, options.target.url.toString(), m_table->window());
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->show();
}

ResendDialog* ResendController::dialog() const
{
    return m_dialog;
}
