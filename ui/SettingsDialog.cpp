#include "SettingsDialog.h"

#include "EventStore.h"
#include "TlsCredentials.h"
#include "TlsLocalCertificate.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

constexpr qint64 MiB = 1024 * 1024;
constexpr int MaxBodyMiB = 4096;

QLabel* plainLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->hide();
    return label;
}

/// An IP address as people write it: IPv4 in four dotted parts (QHostAddress also takes "127.1",
/// inet_aton's 127.0.0.1, which would surprise), or IPv6. Null when it is neither.
QHostAddress parseAddress(const QString& text)
{
    const QHostAddress address(text.trimmed());
    if (address.protocol() == QAbstractSocket::IPv4Protocol && text.count(QLatin1Char('.')) != 3) {
        return {};
    }
    return address;
}

int wholeMiB(qint64 bytes)
{
    return static_cast<int>(std::clamp<qint64>((bytes + MiB - 1) / MiB, 1, MaxBodyMiB));
}

} // namespace

SettingsDialog::SettingsDialog(QWidget* parent)
    : QDialog(parent)
    , m_address(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_maxBody(new QSpinBox(this))
    , m_database(new QLineEdit(this))
    , m_exposure(plainLabel(QStringLiteral("exposureLabel"), this))
    , m_commandLine(plainLabel(QStringLiteral("commandLineLabel"), this))
    , m_error(plainLabel(QStringLiteral("errorLabel"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_chooseFile([this](const QString& current) {
        return QFileDialog::getSaveFileName(this, tr("History file"), current,
            tr("SQLite histories (*.sqlite *.db);;All files (*)"), nullptr, QFileDialog::DontConfirmOverwrite);
    })
{
    setObjectName(QStringLiteral("SettingsDialog"));
    setWindowTitle(tr("Settings"));
    m_address->setObjectName(QStringLiteral("addressLineEdit"));
    m_address->setPlaceholderText(QStringLiteral("127.0.0.1"));
    m_port->setObjectName(QStringLiteral("portSpinBox"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_maxBody->setObjectName(QStringLiteral("maxBodySpinBox"));
    m_maxBody->setRange(1, MaxBodyMiB);
    m_maxBody->setSuffix(tr(" MiB"));
    m_database->setObjectName(QStringLiteral("databaseLineEdit"));
    m_exposure->setStyleSheet(QStringLiteral("color: #a15c00;"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));

    auto* form = new QFormLayout;
    form->addRow(tr("Listen on address:"), m_address);
    form->addRow(QString(), m_exposure);
    form->addRow(tr("Port:"), m_port);
    form->addRow(tr("Largest body:"), m_maxBody);
    form->addRow(tr("HTTPS:"), buildTls());
    form->addRow(tr("History file:"), buildDatabaseRow());
    form->addRow(tr("Retention:"), buildRetention());
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_commandLine);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    m_buttons->setObjectName(QStringLiteral("settingsButtonBox"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_address, &QLineEdit::textChanged, this, &SettingsDialog::updateExposure);
    setSettings(AppSettings());
}

QWidget* SettingsDialog::buildDatabaseRow()
{
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    m_browse = new QPushButton(tr("Browse…"), row);
    m_browse->setObjectName(QStringLiteral("browseButton"));
    layout->addWidget(m_database, 1);
    layout->addWidget(m_browse);
    connect(m_browse, &QPushButton::clicked, this, &SettingsDialog::browse);
    return row;
}

QWidget* SettingsDialog::buildRetention()
{
    auto* box = new QWidget(this);
    auto* layout = new QFormLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    m_keepEvents = new QSpinBox(box);
    m_keepEvents->setObjectName(QStringLiteral("keepEventsSpinBox"));
    m_keepEvents->setRange(0, 1000000000);
    m_keepEvents->setSingleStep(1000);
    m_keepEvents->setSpecialValueText(tr("any number"));
    m_keepEvents->setSuffix(tr(" events", "keep at most N events"));
    m_keepDays = new QSpinBox(box);
    m_keepDays->setObjectName(QStringLiteral("keepDaysSpinBox"));
    m_keepDays->setRange(0, 36500);
    m_keepDays->setSpecialValueText(tr("never"));
    m_keepDays->setSuffix(tr(" days", "delete events older than N days"));
    auto* note = new QLabel(
        tr("The oldest events are deleted in the background, now and every minute; they cannot be recovered."), box);
    note->setTextFormat(Qt::PlainText);
    note->setWordWrap(true);
    layout->addRow(tr("Keep at most:"), m_keepEvents);
    layout->addRow(tr("Delete events older than:"), m_keepDays);
    layout->addRow(note);
    return box;
}

QWidget* SettingsDialog::buildTls()
{
    auto* box = new QWidget(this);
    auto* layout = new QFormLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tlsCertificate = new QLineEdit(box);
    m_tlsCertificate->setObjectName(QStringLiteral("tlsCertificateLineEdit"));
    m_tlsCertificate->setPlaceholderText(tr("none: plain HTTP"));
    m_tlsKey = new QLineEdit(box);
    m_tlsKey->setObjectName(QStringLiteral("tlsKeyLineEdit"));
    m_tlsKey->setPlaceholderText(tr("none: plain HTTP"));
    auto* generate = new QPushButton(tr("Generate a local certificate"), box);
    generate->setObjectName(QStringLiteral("generateCertificateButton"));
    m_tlsNote = plainLabel(QStringLiteral("tlsNoteLabel"), box);
    layout->addRow(tr("Certificate file:"), m_tlsCertificate);
    layout->addRow(tr("Key file:"), m_tlsKey);
    layout->addRow(generate);
    layout->addRow(m_tlsNote);
    connect(generate, &QPushButton::clicked, this, &SettingsDialog::generateCertificate);
    return box;
}

void SettingsDialog::generateCertificate()
{
    const QString history = m_database->text().trimmed();
    const QString certificate = TlsLocalCertificate::certificatePathFor(history);
    const QString key = TlsLocalCertificate::keyPathFor(history);
    QString error;
    if (!TlsLocalCertificate::generate(certificate, key, &error)) {
        m_tlsNote->setText(tr("No certificate was made: %1").arg(error));
        m_tlsNote->show();
        return;
    }
    m_tlsCertificate->setText(certificate);
    m_tlsKey->setText(key);
    m_tlsNote->setText(tr("Made a certificate for localhost and 127.0.0.1, valid %1 days, signed by itself: senders "
                          "refuse it until they trust it. curl: --cacert %2. Other programs: add it to the system's "
                          "trust store (Debian: copy it to /usr/local/share/ca-certificates/hookscope.crt, then run "
                          "update-ca-certificates; macOS: Keychain Access, Always Trust). Keep the key file private.")
                           .arg(TlsLocalCertificate::ValidDays)
                           .arg(certificate));
    m_tlsNote->show();
}

void SettingsDialog::setSettings(const AppSettings& settings)
{
    m_shown = settings;
    m_address->setText(settings.bindAddress.toString());
    m_port->setValue(settings.port);
    m_maxBody->setValue(wholeMiB(settings.maxBodyBytes));
    m_database->setText(settings.databasePath);
    m_tlsCertificate->setText(settings.tlsCertificatePath);
    m_tlsKey->setText(settings.tlsKeyPath);
    m_tlsNote->hide();
    m_keepEvents->setValue(static_cast<int>(std::min<qint64>(settings.retention.keepEvents, m_keepEvents->maximum())));
    m_keepDays->setValue(settings.retention.keepDays);
    m_error->hide();
    updateExposure();
}

AppSettings SettingsDialog::settings() const
{
    AppSettings chosen;
    chosen.bindAddress = parseAddress(m_address->text());
    chosen.port = static_cast<quint16>(m_port->value());
    // A limit given in bytes (--max-body 100k) stays exact unless the user changes it here.
    chosen.maxBodyBytes
        = m_maxBody->value() == wholeMiB(m_shown.maxBodyBytes) ? m_shown.maxBodyBytes : m_maxBody->value() * MiB;
    chosen.databasePath = m_database->text().trimmed();
    chosen.tlsCertificatePath = m_tlsCertificate->text().trimmed();
    chosen.tlsKeyPath = m_tlsKey->text().trimmed();
    chosen.retention.keepEvents = m_keepEvents->value();
    chosen.retention.keepDays = m_keepDays->value();
    return chosen;
}

void SettingsDialog::setCommandLineOptions(const QStringList& options)
{
    m_commandLine->setText(tr("This run uses %1 from the command line; the fields show the values in use. "
                              "What you change here applies now and is saved.")
                               .arg(options.join(QStringLiteral(", "))));
    m_commandLine->setVisible(!options.isEmpty());
}

QString SettingsDialog::problem() const
{
    const QString address = m_address->text().trimmed();
    if (parseAddress(address).isNull()) {
        return tr("'%1' is not an IP address: use one like 127.0.0.1, 0.0.0.0 or ::1.").arg(address);
    }
    const QString certificate = m_tlsCertificate->text().trimmed();
    const QString key = m_tlsKey->text().trimmed();
    if (certificate.isEmpty() != key.isEmpty()) {
        return tr("HTTPS needs both files: the certificate and its key (or neither, for plain HTTP).");
    }
    QSslConfiguration tls;
    QString tlsError;
    if (!certificate.isEmpty() && !TlsCredentials::load(certificate, key, &tls, &tlsError)) {
        return tr("These files cannot serve HTTPS: %1").arg(tlsError);
    }
    const QString path = m_database->text().trimmed();
    if (path.isEmpty()) {
        return tr("Choose a file for the history.");
    }
    if (path != m_shown.databasePath) {
        EventStore store;
        if (!store.open(path)) {
            return tr("This file cannot hold the history: %1").arg(store.errorString());
        }
    }
    return {};
}

void SettingsDialog::accept()
{
    const QString why = problem();
    m_error->setText(why);
    m_error->setVisible(!why.isEmpty());
    if (why.isEmpty()) {
        QDialog::accept();
    }
}

void SettingsDialog::browse()
{
    const QString chosen = m_chooseFile(m_database->text());
    if (!chosen.isEmpty()) {
        m_database->setText(chosen);
    }
}

void SettingsDialog::updateExposure()
{
    const QHostAddress address = parseAddress(m_address->text());
    const bool exposed = !address.isNull() && !address.isLoopback();
    m_exposure->setText(tr("Listening beyond this computer: other machines on the network can send requests "
                           "to the endpoint, and each one is stored in your history. Use 127.0.0.1 to keep it "
                           "to this computer."));
    m_exposure->setVisible(exposed);
}
