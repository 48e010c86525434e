#include "TargetAuthDialog.h"

#include "RequestEditor.h"
#include "Secrets.h"
#include "TargetList.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

TargetAuthDialog::TargetAuthDialog(const DeliveryTarget& target, Secrets* secrets, QWidget* parent)
    : QDialog(parent)
    , m_target(target)
    , m_secrets(secrets)
    , m_kind(new QComboBox(this))
    , m_secret(new QLineEdit(this))
    , m_secretLabel(new QLabel(this))
    , m_header(new QLineEdit(this))
    , m_headerLabel(new QLabel(tr("Signature header:"), this))
    , m_encoding(new QComboBox(this))
    , m_encodingLabel(new QLabel(tr("Digest:", "how the HMAC digest is written"), this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("TargetAuthDialog"));
    setWindowTitle(tr("Auth for %1").arg(target.url.toString()));
    m_kind->setObjectName(QStringLiteral("authKindComboBox"));
    m_kind->addItem(tr("None"), static_cast<int>(TargetAuth::Kind::None));
    m_kind->addItem(tr("Bearer token"), static_cast<int>(TargetAuth::Kind::Bearer));
    m_kind->addItem(tr("HMAC-SHA256 signature of the body"), static_cast<int>(TargetAuth::Kind::HmacSha256));
    m_kind->setCurrentIndex(m_kind->findData(static_cast<int>(target.authKind)));
    m_secret->setObjectName(QStringLiteral("secretLineEdit"));
    m_secret->setEchoMode(QLineEdit::Password);
    if (target.authKind != TargetAuth::Kind::None) {
        // The secret is never read back into the window: typing one replaces it.
        m_secret->setPlaceholderText(tr("stored in the keychain; type to replace it"));
    }
    m_header->setObjectName(QStringLiteral("signatureHeaderLineEdit"));
    m_header->setText(QString::fromLatin1(target.signatureHeader));
    m_encoding->setObjectName(QStringLiteral("signatureEncodingComboBox"));
    m_encoding->addItem(tr("hex"), static_cast<int>(TargetAuth::Encoding::Hex));
    m_encoding->addItem(tr("base64"), static_cast<int>(TargetAuth::Encoding::Base64));
    m_encoding->setCurrentIndex(m_encoding->findData(static_cast<int>(target.signatureEncoding)));
    m_status->setObjectName(QStringLiteral("authStatusLabel"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setText(tr("Secrets are kept in the system keychain only, never in the settings."));
    m_buttons->setObjectName(QStringLiteral("authButtonBox"));

    auto* target_ = new QLabel(target.url.toString(), this);
    target_->setTextFormat(Qt::PlainText);
    auto* form = new QFormLayout;
    form->addRow(tr("Target:"), target_);
    form->addRow(tr("Auth:"), m_kind);
    form->addRow(m_secretLabel, m_secret);
    form->addRow(m_headerLabel, m_header);
    form->addRow(m_encodingLabel, m_encoding);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &TargetAuthDialog::updateFields);
    connect(m_buttons->button(QDialogButtonBox::Save), &QPushButton::clicked, this, &TargetAuthDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateFields();
}

void TargetAuthDialog::updateFields()
{
    const auto kind = static_cast<TargetAuth::Kind>(m_kind->currentData().toInt());
    const bool hmac = kind == TargetAuth::Kind::HmacSha256;
    m_secretLabel->setText(hmac ? tr("Signing secret:") : tr("Token:"));
    m_secretLabel->setVisible(kind != TargetAuth::Kind::None);
    m_secret->setVisible(kind != TargetAuth::Kind::None);
    for (QWidget* w : {static_cast<QWidget*>(m_header), static_cast<QWidget*>(m_headerLabel),
             static_cast<QWidget*>(m_encoding), static_cast<QWidget*>(m_encodingLabel)}) {
        w->setVisible(hmac);
    }
}

void TargetAuthDialog::save()
{
    if (m_busy) {
        return;
    }
    DeliveryTarget chosen = m_target;
    chosen.authKind = static_cast<TargetAuth::Kind>(m_kind->currentData().toInt());
    chosen.signatureEncoding = static_cast<TargetAuth::Encoding>(m_encoding->currentData().toInt());
    const QString header = m_header->text().trimmed();
    if (chosen.authKind == TargetAuth::Kind::HmacSha256) {
        if (!RequestEditor::isToken(header.toLatin1()) || header.toLatin1() != header.toUtf8()) {
            fail(tr("'%1' is not a header name: letters, digits and !#$%&'*+-.^_`|~ only.").arg(header));
            return;
        }
        chosen.signatureHeader = header.toLatin1();
    }
    const QByteArray secret = m_secret->text().toUtf8();
    const bool hadSecret = m_target.authKind != TargetAuth::Kind::None;
    if (chosen.authKind != TargetAuth::Kind::None && secret.isEmpty() && !hadSecret) {
        fail(chosen.authKind == TargetAuth::Kind::Bearer ? tr("Type the token.") : tr("Type the signing secret."));
        return;
    }
    const QPointer<TargetAuthDialog> self(this);
    if (chosen.authKind == TargetAuth::Kind::None && hadSecret) {
        m_busy = true;
        m_status->setText(tr("Removing the secret from the keychain…"));
        m_secrets->remove(chosen.secretKey(), [self, chosen](const Secrets::Result& r) {
            if (self) {
                // Gone from this run's memory too: nothing is left to warn about.
                r.ok ? self->finishSave(chosen, QString()) : self->fail(r.message);
            }
        });
    } else if (chosen.authKind != TargetAuth::Kind::None && !secret.isEmpty()) {
        m_busy = true;
        m_status->setText(tr("Saving the secret to the keychain…"));
        m_secrets->write(chosen.secretKey(), secret, [self, chosen](const Secrets::Result& r) {
            if (self) {
                r.ok ? self->finishSave(chosen, r.where == Secrets::Where::ThisRunOnly ? r.message : QString())
                     : self->fail(r.message);
            }
        });
    } else {
        finishSave(chosen, QString());
        return;
    }
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(false);
}

void TargetAuthDialog::finishSave(const DeliveryTarget& target, const QString& note)
{
    m_busy = false;
    m_target = target;
    m_secret->clear();
    TargetList::remember(m_target);
    emit saved(m_target);
    if (note.isEmpty()) {
        accept();
        return;
    }
    // No keychain: the user must know that the secret is gone with this run, so the dialog stays.
    m_status->setText(note);
    m_buttons->setStandardButtons(QDialogButtonBox::Close); // rejected(): nothing more to save
    m_buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("authCloseButton"));
}

void TargetAuthDialog::fail(const QString& message)
{
    m_busy = false;
    m_status->setText(message);
    if (QPushButton* save = m_buttons->button(QDialogButtonBox::Save)) {
        save->setEnabled(true);
    }
}
