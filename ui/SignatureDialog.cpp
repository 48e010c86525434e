#include "SignatureDialog.h"

#include "Secrets.h"
#include "SignatureSettings.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

SignatureDialog::SignatureDialog(Secrets* secrets, QWidget* parent)
    : QDialog(parent)
    , m_secrets(secrets)
    , m_list(new QListWidget(this))
    , m_rules(m_list, &SignatureDialog::title, [this] { showRule(); })
    , m_add(new QPushButton(tr("Add"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("SignatureDialog"));
    setWindowTitle(tr("Signature checks"));
    m_list->setObjectName(QStringLiteral("signatureRuleListWidget"));
    m_add->setObjectName(QStringLiteral("addSignatureRuleButton"));
    m_remove->setObjectName(QStringLiteral("removeSignatureRuleButton"));
    m_status->setObjectName(QStringLiteral("signatureStatusLabel"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_buttons->setObjectName(QStringLiteral("signatureButtonBox"));
    auto* intro = new QLabel(tr("Check where webhooks come from. One that fails is still stored, marked "
                                "\"unverified\" with the reason, and answered with the status below. Secrets are "
                                "kept in the system keychain only."),
        this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_remove);
    listButtons->addStretch(1);
    auto* left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addWidget(buildForm(), 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(columns, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    connect(m_list, &QListWidget::currentRowChanged, this, &SignatureDialog::selectRule);
    connect(m_add, &QPushButton::clicked, this, &SignatureDialog::addRule);
    connect(m_remove, &QPushButton::clicked, this, &SignatureDialog::removeRule);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SignatureDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SignatureDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SignatureDialog::apply);
    setRules({});
    resize(720, 440);
}

QWidget* SignatureDialog::buildForm()
{
    m_form = new QWidget(this);
    m_path = new QLineEdit(m_form);
    m_path->setObjectName(QStringLiteral("signaturePathLineEdit"));
    m_path->setPlaceholderText(tr("all paths"));
    m_kind = new QComboBox(m_form);
    m_kind->setObjectName(QStringLiteral("signatureKindComboBox"));
    m_kind->addItem(tr("HMAC-SHA256 of the body"), int(SignatureRule::Kind::HmacSha256));
    m_kind->addItem(tr("Shared token"), int(SignatureRule::Kind::Token));
    m_kind->addItem(tr("Standard Webhooks"), int(SignatureRule::Kind::StandardWebhooks));
    m_header = new QLineEdit(m_form);
    m_header->setObjectName(QStringLiteral("signatureHeaderLineEdit"));
    m_encoding = new QComboBox(m_form);
    m_encoding->setObjectName(QStringLiteral("signatureEncodingComboBox"));
    m_encoding->addItem(tr("hex"), int(TargetAuth::Encoding::Hex));
    m_encoding->addItem(tr("base64"), int(TargetAuth::Encoding::Base64));
    m_secret = new QLineEdit(m_form);
    m_secret->setObjectName(QStringLiteral("signatureSecretLineEdit"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_tolerance = new QSpinBox(m_form);
    m_tolerance->setObjectName(QStringLiteral("toleranceSpinBox"));
    m_tolerance->setRange(0, 86400);
    m_tolerance->setSuffix(tr(" s"));
    m_tolerance->setSpecialValueText(tr("any time"));
    m_failStatus = new QSpinBox(m_form);
    m_failStatus->setObjectName(QStringLiteral("unverifiedStatusSpinBox"));
    m_failStatus->setRange(0, 599);
    m_failStatus->setSpecialValueText(tr("answer as usual"));
    auto* form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Path prefix:"), m_path);
    form->addRow(tr("Check:"), m_kind);
    form->addRow(tr("Header:"), m_header);
    form->addRow(tr("Encoding:"), m_encoding);
    form->addRow(tr("Secret:"), m_secret);
    form->addRow(tr("Timestamp tolerance:"), m_tolerance);
    form->addRow(tr("Answer to unverified:"), m_failStatus);
    connect(m_path, &QLineEdit::textChanged, this, &SignatureDialog::readForm);
    connect(m_header, &QLineEdit::textChanged, this, &SignatureDialog::readForm);
    connect(m_secret, &QLineEdit::textChanged, this, &SignatureDialog::readForm);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &SignatureDialog::readForm);
    connect(m_encoding, &QComboBox::currentIndexChanged, this, &SignatureDialog::readForm);
    connect(m_tolerance, &QSpinBox::valueChanged, this, &SignatureDialog::readForm);
    connect(m_failStatus, &QSpinBox::valueChanged, this, &SignatureDialog::readForm);
    return m_form;
}

QString SignatureDialog::title(const SignatureRule& rule)
{
    const QString path = rule.pathPrefix.isEmpty() ? tr("All paths") : QString::fromUtf8(rule.pathPrefix);
    return tr("%1: %2", "path: kind").arg(path, SignatureSettings::kindName(rule.kind));
}

void SignatureDialog::setRules(const QList<SignatureRule>& rules)
{
    QList<SignatureRule> shown = rules;
    for (SignatureRule& rule : shown) {
        rule.secret.clear(); // never shown; an empty field keeps the keychain's
    }
    m_rules.set(shown);
}

void SignatureDialog::selectRule(int row)
{
    m_rules.select(row);
}

void SignatureDialog::addRule()
{
    m_rules.addFirst(SignatureRule());
}

void SignatureDialog::removeRule()
{
    m_rules.removeCurrent();
}

void SignatureDialog::setSecret(const QString& secret)
{
    m_secret->setText(secret);
}

void SignatureDialog::showRule()
{
    m_loading = true;
    const bool has = m_rules.hasCurrent();
    m_form->setEnabled(has);
    m_remove->setEnabled(has);
    const SignatureRule rule = has ? m_rules.currentRule() : SignatureRule();
    m_path->setText(QString::fromUtf8(rule.pathPrefix));
    m_kind->setCurrentIndex(m_kind->findData(int(rule.kind)));
    m_header->setText(QString::fromUtf8(rule.header));
    m_encoding->setCurrentIndex(m_encoding->findData(int(rule.encoding)));
    m_secret->setText(QString::fromUtf8(rule.secret));
    m_secret->setPlaceholderText(
        has ? tr("unchanged: the keychain's %1").arg(SignatureSettings::keychainKey(rule.pathPrefix)) : QString());
    m_tolerance->setValue(rule.toleranceSeconds);
    m_failStatus->setValue(rule.failStatus);
    const bool standard = rule.kind == SignatureRule::Kind::StandardWebhooks;
    m_header->setEnabled(!standard);
    m_encoding->setEnabled(rule.kind == SignatureRule::Kind::HmacSha256);
    m_tolerance->setEnabled(standard);
    m_loading = false;
}

void SignatureDialog::readForm()
{
    if (m_loading || !m_rules.hasCurrent()) {
        return;
    }
    SignatureRule& rule = m_rules.currentRule();
    rule.pathPrefix = m_path->text().trimmed().toUtf8();
    rule.kind = SignatureRule::Kind(m_kind->currentData().toInt());
    rule.header = m_header->text().trimmed().toUtf8();
    rule.encoding = TargetAuth::Encoding(m_encoding->currentData().toInt());
    rule.secret = m_secret->text().toUtf8();
    rule.toleranceSeconds = m_tolerance->value();
    rule.failStatus = m_failStatus->value();
    m_rules.retitleCurrent();
    const bool standard = rule.kind == SignatureRule::Kind::StandardWebhooks;
    m_header->setEnabled(!standard);
    m_encoding->setEnabled(rule.kind == SignatureRule::Kind::HmacSha256);
    m_tolerance->setEnabled(standard);
}

QString SignatureDialog::status() const
{
    return m_status->text();
}

void SignatureDialog::accept()
{
    if (m_busy) {
        return;
    }
    m_busy = true;
    m_notes.clear();
    writeSecrets(m_rules.rules(), true);
}

void SignatureDialog::apply()
{
    if (m_busy) {
        return;
    }
    m_busy = true;
    m_notes.clear();
    writeSecrets(m_rules.rules(), false);
}

void SignatureDialog::writeSecrets(QList<SignatureRule> pending, bool close)
{
    // The typed secrets first, one after the other, then every rule's read back from the keychain:
    // what is applied is what the keychain holds (or holds for this run, where there is none).
    while (!pending.isEmpty() && pending.constFirst().secret.isEmpty()) {
        pending.removeFirst();
    }
    if (pending.isEmpty()) {
        readBack(close);
        return;
    }
    const SignatureRule rule = pending.takeFirst();
    m_status->setText(tr("Saving the secret in the keychain…"));
    // The keychain may answer after the dialog is gone (its jobs belong to m_secrets).
    const QPointer<SignatureDialog> self(this);
    m_secrets->write(SignatureSettings::keychainKey(rule.pathPrefix), rule.secret,
        [this, self, pending, close](const Secrets::Result& result) {
            if (!self) {
                return;
            }
            if (!result.ok) {
                done(false, result.message, close);
                return;
            }
            if (!result.message.isEmpty()) {
                m_notes.append(result.message);
            }
            writeSecrets(pending, close);
        });
}

void SignatureDialog::readBack(bool close)
{
    const QPointer<SignatureDialog> self(this);
    SignatureSettings::readSecrets(
        m_rules.rules(), m_secrets, [this, self, close](const QList<SignatureRule>& ready, const QStringList& missing) {
            if (!self) {
                return;
            }
            if (!missing.isEmpty()) {
                done(false, tr("No secret for %1: type one.").arg(missing.join(QLatin1String("; "))), close);
                return;
            }
            for (const SignatureRule& rule : ready) {
                const QString why = SignatureCheck::check(rule);
                if (!why.isEmpty()) {
                    done(false, tr("%1: %2").arg(title(rule), why), close);
                    return;
                }
            }
            emit applied(ready);
            const QString applied = ready.isEmpty() ? tr("No signature checks: every webhook is taken as it comes.")
                                                    : tr("%n rule(s) in use.", nullptr, int(ready.size()));
            done(true, (QStringList {applied} + m_notes).join(QLatin1Char(' ')), close);
        });
}

void SignatureDialog::done(bool ok, const QString& status, bool close)
{
    m_busy = false;
    m_status->setText(status);
    if (ok) {
        // Saved: the typed secrets are in the keychain now, not in this form.
        for (SignatureRule& rule : m_rules.rules()) {
            rule.secret.clear();
        }
        showRule();
    }
    emit finished(ok);
    if (ok && close) {
        QDialog::accept();
    }
}
