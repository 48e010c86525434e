#include "ResendDialog.h"

#include "NdjsonRecord.h"
#include "RequestEditor.h"
#include "ResendGuard.h"
#include "TargetPicker.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QUuid>
#include <QVBoxLayout>

ResendDialog::ResendDialog(Secrets* secrets, const Prompts& prompts, QWidget* parent)
    : QDialog(parent)
    , m_prompts(prompts)
    , m_description(new QLabel(this))
    , m_picker(new TargetPicker(secrets, this))
    , m_keepKey(new QRadioButton(tr("Keep the idempotency key (tests the receiver's duplicate handling)"), this))
    , m_freshKey(new QRadioButton(tr("Give each event a fresh key"), this))
    , m_edit(new QCheckBox(tr("Edit before sending"), this))
    , m_editor(new RequestEditor(this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("ResendDialog"));
    setWindowTitle(tr("Resend"));
    m_description->setObjectName(QStringLiteral("resendDescriptionLabel"));
    m_description->setTextFormat(Qt::PlainText);
    m_description->setWordWrap(true);
    m_keepKey->setObjectName(QStringLiteral("keepKeyRadioButton"));
    m_freshKey->setObjectName(QStringLiteral("freshKeyRadioButton"));
    m_keepKey->setChecked(true);
    auto* keys = new QButtonGroup(this);
    keys->addButton(m_keepKey);
    keys->addButton(m_freshKey);
    m_edit->setObjectName(QStringLiteral("editBeforeSendCheckBox"));
    m_edit->hide();
    m_editor->hide();
    m_status->setObjectName(QStringLiteral("resendStatusLabel"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->hide();
    QPushButton* sendButton = m_buttons->addButton(tr("Send"), QDialogButtonBox::AcceptRole);
    sendButton->setObjectName(QStringLiteral("sendButton"));
    sendButton->setDefault(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Target:"), m_picker);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_description);
    layout->addLayout(form);
    layout->addWidget(m_keepKey);
    layout->addWidget(m_freshKey);
    layout->addWidget(m_edit);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    // Send runs the checks and accepts only when they pass: not the box's accepted().
    connect(sendButton, &QPushButton::clicked, this, &ResendDialog::send);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_picker, &TargetPicker::changed, this, &ResendDialog::updateSendButton);
    connect(m_edit, &QCheckBox::toggled, this, [this](bool on) {
        m_editor->setVisible(on);
        m_freshKey->setText(on ? tr("Give it a fresh key (replaces the key in the body when sending)")
                               : tr("Give each event a fresh key"));
        adjustSize();
    });
    if (QPushButton* cancel = m_buttons->button(QDialogButtonBox::Cancel)) {
        cancel->setObjectName(QStringLiteral("cancelButton"));
    }
    updateSendButton();
}

void ResendDialog::setEvent(const StoredEvent& event)
{
    m_event = event;
    m_scope = ResendScope();
    m_scope.ids = {event.id};
    m_scope.production = event.environment == QLatin1String("production") ? 1 : 0;
    m_scope.staging = event.environment == QLatin1String("staging") ? 1 : 0;
    m_scopeReady = true;
    QString text = tr("Resend event #%1 (%2 %3")
                       .arg(event.id)
                       .arg(QString::fromLatin1(event.method), NdjsonRecord::bytesAsText(event.target.left(200)));
    if (!event.event.isEmpty()) {
        text += QStringLiteral(", ") + event.event;
    }
    if (!event.environment.isEmpty()) {
        text += QStringLiteral(", ") + event.environment;
    }
    m_description->setText(text + QLatin1Char(')'));
    m_editor->setRequest(OutgoingRequest::fromEvent(event, QUrl(), OutgoingRequest::Key::Keep));
    m_edit->show();
    updateSendButton();
}

void ResendDialog::setScopeLoading(const QString& description)
{
    m_event = StoredEvent();
    m_scopeReady = false;
    m_description->setText(description);
    showStatus(tr("Listing the events…"));
    updateSendButton();
}

void ResendDialog::setScope(const ResendScope& scope)
{
    m_scope = scope;
    m_scopeReady = true;
    m_description->setText(scope.ids.isEmpty()
            ? tr("Nothing to resend: no event is left in this scope.")
            : tr("Resend %n event(s), oldest first.", nullptr, static_cast<int>(scope.ids.size())));
    m_status->hide();
    updateSendButton();
}

void ResendDialog::setScopeError(const QString& error)
{
    m_scopeReady = false;
    showStatus(tr("The events could not be listed: %1").arg(error));
    updateSendButton();
}

OutgoingRequest::Key ResendDialog::key() const
{
    return m_freshKey->isChecked() ? OutgoingRequest::Key::Fresh : OutgoingRequest::Key::Keep;
}

bool ResendDialog::isEditing() const
{
    return m_event.id != 0 && m_edit->isChecked();
}

void ResendDialog::updateSendButton()
{
    if (QPushButton* send = findChild<QPushButton*>(QStringLiteral("sendButton"))) {
        send->setEnabled(m_scopeReady && !m_scope.ids.isEmpty() && m_picker->isValid());
    }
}

void ResendDialog::showStatus(const QString& text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

bool ResendDialog::send()
{
    QString error;
    if (!m_scopeReady || m_scope.ids.isEmpty()) {
        return false;
    }
    if (!m_picker->isValid(&error) || (isEditing() && !prepareEdited(&error))) {
        showStatus(error);
        return false;
    }
    if (isEditing()) {
        // A binary body can't be edited, and goes as it was: there is nothing to check.
        const QString problem = m_editor->canEditBody() ? RequestEditor::jsonProblem(m_edited.body) : QString();
        if (!problem.isEmpty()
            && !m_prompts.confirm(problem + QStringLiteral("\n\n") + tr("Send the body as it is?"))) {
            showStatus(problem);
            return false;
        }
    }
    if (!confirmGuardRail()) {
        showStatus(tr("Nothing was sent."));
        return false;
    }
    accept();
    return true;
}

bool ResendDialog::prepareEdited(QString* error)
{
    OutgoingRequest request;
    if (!m_editor->read(&request, error)) {
        return false;
    }
    request.url = m_picker->target().url;
    request.idempotencyKey = m_event.idempotencyKey;
    if (key() == OutgoingRequest::Key::Fresh && !m_event.idempotencyKey.isEmpty()) {
        const QString fresh = QUuid::createUuid().toString(QUuid::WithoutBraces);
        if (OutgoingRequest::replaceKey(request.body, m_event.idempotencyKey, fresh)) {
            request.idempotencyKey = fresh;
        }
    }
    m_edited = request;
    return true;
}

bool ResendDialog::confirmGuardRail()
{
    const QString marked = m_picker->target().environment;
    const QString other = marked == QLatin1String("staging") ? QStringLiteral("production") : QStringLiteral("staging");
    const qint64 crossing = marked == QLatin1String("staging") ? m_scope.production
        : marked == QLatin1String("production")                ? m_scope.staging
                                                               : 0;
    m_crossConfirmed = false;
    if (crossing == 0) {
        return true;
    }
    QString question = ResendGuard::mismatch(other, marked);
    if (m_scope.ids.size() > 1) {
        question += QLatin1Char(' ')
            + tr("(%1 of the %n events.)", nullptr, static_cast<int>(m_scope.ids.size())).arg(crossing);
    }
    question += QStringLiteral("\n\n") + tr("Send anyway?");
    m_crossConfirmed = m_prompts.confirm(question);
    return m_crossConfirmed;
}
