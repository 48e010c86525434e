#include "ForwardDialog.h"

#include "TargetPicker.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

ForwardDialog::ForwardDialog(Secrets* secrets, const Prompts& prompts, QWidget* parent)
    : QDialog(parent)
    , m_prompts(prompts)
    , m_picker(new TargetPicker(secrets, this))
    , m_keepKey(new QRadioButton(tr("Keep each event's idempotency key"), this))
    , m_freshKey(new QRadioButton(tr("Give each event a fresh key"), this))
    , m_cross(new QCheckBox(tr("Also forward events of one environment to a target marked as the other"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("ForwardDialog"));
    setWindowTitle(tr("Forward new events"));
    auto* intro = new QLabel(
        tr("Every event captured from now on is sent on to the target as it arrives. A slow or dead target never "
           "slows the capture."),
        this);
    intro->setWordWrap(true);
    m_keepKey->setObjectName(QStringLiteral("forwardKeepKeyRadioButton"));
    m_freshKey->setObjectName(QStringLiteral("forwardFreshKeyRadioButton"));
    m_keepKey->setChecked(true);
    auto* keys = new QButtonGroup(this);
    keys->addButton(m_keepKey);
    keys->addButton(m_freshKey);
    m_cross->setObjectName(QStringLiteral("crossEnvironmentsCheckBox"));
    m_cross->setToolTip(tr("Without it, a production event is held back from a target marked staging, and the "
                           "reverse, and the forwarding log says so."));
    m_status->setObjectName(QStringLiteral("forwardStatusLabel"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* start = buttons->addButton(tr("Start forwarding"), QDialogButtonBox::AcceptRole);
    start->setObjectName(QStringLiteral("startForwardingButton"));
    start->setDefault(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Target:"), m_picker);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_keepKey);
    layout->addWidget(m_freshKey);
    layout->addWidget(m_cross);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    connect(start, &QPushButton::clicked, this, &ForwardDialog::startForwarding);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto updateStart = [this, start] { start->setEnabled(m_picker->isValid()); };
    connect(m_picker, &TargetPicker::changed, this, updateStart);
    updateStart();
}

OutgoingRequest::Key ForwardDialog::key() const
{
    return m_freshKey->isChecked() ? OutgoingRequest::Key::Fresh : OutgoingRequest::Key::Keep;
}

bool ForwardDialog::crossEnvironments() const
{
    return m_cross->isChecked() && m_crossConfirmed;
}

bool ForwardDialog::startForwarding()
{
    QString error;
    if (!m_picker->isValid(&error)) {
        m_status->setText(error);
        m_status->show();
        return false;
    }
    m_crossConfirmed = false;
    if (m_cross->isChecked()) {
        m_crossConfirmed = m_prompts.confirm(
            tr("Production events will be forwarded to a target marked staging, and staging events to one marked "
               "production, without asking again.\n\nForward them anyway?"));
        if (!m_crossConfirmed) {
            m_cross->setChecked(false);
            m_status->setText(tr("Events of the other environment will be held back."));
            m_status->show();
            return false;
        }
    }
    accept();
    return true;
}
