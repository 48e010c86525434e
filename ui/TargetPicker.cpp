#include "TargetPicker.h"

#include "TargetAuthDialog.h"
#include "TargetList.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

TargetPicker::TargetPicker(Secrets* secrets, QWidget* parent)
    : QWidget(parent)
    , m_secrets(secrets)
    , m_recent(TargetList::recent())
    , m_url(new QComboBox(this))
    , m_environment(new QComboBox(this))
    , m_auth(new QPushButton(this))
{
    setObjectName(QStringLiteral("targetPicker"));
    m_url->setObjectName(QStringLiteral("targetUrlComboBox"));
    m_url->setEditable(true);
    m_url->setInsertPolicy(QComboBox::NoInsert);
    m_url->lineEdit()->setPlaceholderText(QStringLiteral("http://localhost:3000/webhooks"));
    m_url->setMinimumContentsLength(36);
    m_url->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    for (const DeliveryTarget& t : std::as_const(m_recent)) {
        m_url->addItem(t.url.toString());
    }
    m_environment->setObjectName(QStringLiteral("targetEnvironmentComboBox"));
    m_environment->setToolTip(tr("Mark the target: events of the other environment then ask before they go there."));
    m_environment->addItem(tr("Not marked"), QString());
    m_environment->addItem(tr("Staging"), QStringLiteral("staging"));
    m_environment->addItem(tr("Production"), QStringLiteral("production"));
    m_auth->setObjectName(QStringLiteral("targetAuthButton"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_url, 1);
    layout->addWidget(m_environment);
    layout->addWidget(m_auth);
    connect(m_url, &QComboBox::currentTextChanged, this, &TargetPicker::urlChanged);
    connect(m_environment, &QComboBox::currentIndexChanged, this, &TargetPicker::changed);
    connect(m_auth, &QPushButton::clicked, this, &TargetPicker::editAuth);
    urlChanged();
}

bool TargetPicker::parseUrl(const QString& text, QUrl* url, QString* error)
{
    *url = QUrl(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url->scheme();
    if (!url->isValid() || url->host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        *error = text.trimmed().isEmpty() ? tr("Enter the target URL, like http://localhost:3000/webhooks.")
                                          : tr("'%1' is not an http:// or https:// URL.").arg(text.trimmed());
        return false;
    }
    return true;
}

QString TargetPicker::urlText() const
{
    return m_url->currentText().trimmed();
}

void TargetPicker::setUrl(const QString& url)
{
    m_url->setEditText(url);
}

void TargetPicker::setEnvironment(const QString& environment)
{
    m_environment->setCurrentIndex(std::max(0, m_environment->findData(environment)));
}

bool TargetPicker::isValid(QString* error) const
{
    QUrl url;
    QString why;
    const bool ok = parseUrl(urlText(), &url, &why);
    if (error) {
        *error = why;
    }
    return ok;
}

const DeliveryTarget* TargetPicker::known(const QUrl& url) const
{
    for (const DeliveryTarget& t : m_recent) {
        if (t.url == url) {
            return &t;
        }
    }
    return nullptr;
}

DeliveryTarget TargetPicker::target() const
{
    const QUrl url(urlText(), QUrl::StrictMode);
    DeliveryTarget t;
    if (const DeliveryTarget* remembered = known(url)) {
        t = *remembered;
    }
    t.url = url;
    t.environment = m_environment->currentData().toString();
    return t;
}

void TargetPicker::remember() const
{
    DeliveryTarget t = target();
    t.lastUsedMs = QDateTime::currentMSecsSinceEpoch();
    TargetList::remember(t);
}

void TargetPicker::urlChanged()
{
    // A remembered target brings its marking; a new URL keeps what the user chose.
    if (const DeliveryTarget* remembered = known(QUrl(urlText(), QUrl::StrictMode))) {
        setEnvironment(remembered->environment);
    }
    updateAuthButton();
    emit changed();
}

void TargetPicker::updateAuthButton()
{
    const DeliveryTarget t = target();
    switch (t.authKind) {
    case TargetAuth::Kind::None:
        m_auth->setText(tr("Auth: none…"));
        break;
    case TargetAuth::Kind::Bearer:
        m_auth->setText(tr("Auth: bearer token…"));
        break;
    case TargetAuth::Kind::HmacSha256:
        m_auth->setText(tr("Auth: HMAC in %1…").arg(QString::fromLatin1(t.signatureHeader)));
        break;
    }
    m_auth->setEnabled(isValid());
    m_auth->setToolTip(tr("A bearer token or an HMAC-SHA256 signing secret for this target, kept in the keychain."));
}

void TargetPicker::editAuth()
{
    if (!isValid()) {
        return;
    }
    auto* dialog = new TargetAuthDialog(target(), m_secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TargetAuthDialog::saved, this, [this](const DeliveryTarget& saved) {
        m_recent = TargetList::recent();
        if (m_url->findText(saved.url.toString()) < 0) {
            m_url->addItem(saved.url.toString());
        }
        updateAuthButton();
        emit changed();
    });
    dialog->open();
}
