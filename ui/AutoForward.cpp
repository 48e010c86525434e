#include "AutoForward.h"

#include "CaptureServer.h"
#include "ForwardDialog.h"
#include "ResendJob.h"
#include "Secrets.h"
#include "TargetPicker.h"

#include <QAction>
#include <QWidget>

AutoForward::AutoForward(CaptureServer* server, Secrets* secrets, QWidget* window)
    : QObject(window)
    , m_server(server)
    , m_secrets(secrets)
    , m_window(window)
    , m_prompts(Prompts::messageBoxes(window))
    , m_timeoutMs(Deliverer::DefaultTimeoutMs)
    , m_toggle(new QAction(tr("Forward"), this))
{
    setObjectName(QStringLiteral("autoForward"));
    m_toggle->setObjectName(QStringLiteral("forwardAction"));
    m_toggle->setCheckable(true);
    m_toggle->setToolTip(tr("Send every newly captured event on to a target, as it arrives"));
    connect(m_toggle, &QAction::toggled, this, &AutoForward::toggled);
}

AutoForward::~AutoForward()
{
    if (m_job) {
        m_job->disconnect(this);
    }
}

void AutoForward::setHistoryPath(const QString& path)
{
    if (path != m_dbPath && isForwarding()) {
        stop(); // its job reads the old history
        emit statusMessage(tr("Forwarding stopped: another history is open."));
    }
    m_dbPath = path;
}

void AutoForward::setChecked(bool on)
{
    const QSignalBlocker block(m_toggle);
    m_toggle->setChecked(on);
}

void AutoForward::toggled(bool on)
{
    if (on) {
        openDialog();
    } else {
        stop();
    }
}

void AutoForward::openDialog()
{
    auto* dialog = new ForwardDialog(m_secrets, m_prompts, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &QDialog::rejected, this, [this] { setChecked(false); });
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        dialog->targetPicker()->remember();
        ResendOptions options;
        options.target = dialog->targetPicker()->target();
        options.key = dialog->key();
        options.crossEnvironments = dialog->crossEnvironments();
        options.timeoutMs = m_timeoutMs;
        if (options.target.authKind == TargetAuth::Kind::None) {
            start(options);
            return;
        }
        const QPointer<AutoForward> self(this);
        m_toggle->setEnabled(false); // until the keychain answers
        m_secrets->read(options.target.secretKey(), [self, options](const Secrets::Result& secret) mutable {
            if (!self) {
                return;
            }
            self->m_toggle->setEnabled(true);
            if (!secret.ok) {
                self->setChecked(false);
                self->m_prompts.warn(tr("The secret of %1 could not be read: %2\nForwarding is off.")
                                         .arg(options.target.url.toString(), secret.message));
                return;
            }
            options.auth.kind = options.target.authKind;
            options.auth.secret = secret.secret;
            options.auth.headerName = options.target.signatureHeader;
            options.auth.encoding = options.target.signatureEncoding;
            self->start(options);
        });
    });
    dialog->open();
}

void AutoForward::start(ResendOptions options)
{
    if (!m_toggle->isChecked()) {
        return; // turned off while the keychain was read
    }
    auto* job = new ResendJob(m_dbPath, {}, options, this);
    job->setOpenEnded(true);
    if (!job->start()) {
        m_prompts.warn(tr("Forwarding could not start: %1").arg(job->errorString()));
        delete job;
        setChecked(false);
        return;
    }
    m_job = job;
    m_target = options.target;
    m_sent = m_failed = m_skipped = 0;
    connect(m_server, &CaptureServer::eventsStored, job, &ResendJob::enqueue);
    connect(job, &ResendJob::delivered, this, &AutoForward::count);
    connect(job, &ResendJob::skipped, this, [this](int skipped) {
        m_skipped += skipped;
        updateStatus();
    });
    m_toggle->setText(tr("Forwarding to %1").arg(m_target.url.authority()));
    m_toggle->setToolTip(tr("Forwarding every new event to %1; click to stop").arg(m_target.url.toString()));
    emit started(m_target);
    updateStatus();
}

void AutoForward::stop()
{
    setChecked(false);
    m_toggle->setText(tr("Forward"));
    m_toggle->setToolTip(tr("Send every newly captured event on to a target, as it arrives"));
    if (!m_job) {
        return;
    }
    ResendJob* job = std::exchange(m_job, nullptr);
    disconnect(m_server, nullptr, job, nullptr);
    // What is in flight is abandoned; the job goes once it has said so.
    connect(job, &ResendJob::finished, job, &QObject::deleteLater);
    job->cancel();
    updateStatus();
    emit stopped();
}

void AutoForward::count(const Delivery& delivery)
{
    if (delivery.succeeded()) {
        ++m_sent;
    } else {
        ++m_failed;
    }
    emit delivered(delivery);
    updateStatus();
}

void AutoForward::updateStatus()
{
    QString status;
    if (m_job) {
        status = tr("Forwarding to %1 · %2 delivered · %3 failed or held back · %4 waiting")
                     .arg(m_target.url.toString())
                     .arg(m_sent)
                     .arg(m_failed)
                     .arg(m_job->waiting());
    } else {
        status = tr("Forwarding is off (%1 delivered · %2 failed or held back).").arg(m_sent).arg(m_failed);
    }
    if (m_skipped > 0) {
        status += QLatin1Char(' ')
            + tr("The target is too slow: %n event(s) not forwarded (still stored).", nullptr, m_skipped);
    }
    emit statusChanged(status);
}

ForwardDialog* AutoForward::dialog() const
{
    return m_dialog;
}
