#include "CaptureServer.h"
#include "DeliveryTools.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "ResendController.h"
#include "ResendDialog.h"
#include "ResendJob.h"
#include "Secrets.h"
#include "TargetAuthDialog.h"
#include "TargetList.h"
#include "TargetPicker.h"
#include "WindowHarness.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QMessageAuthenticationCode>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

Q_DECLARE_METATYPE(TargetAuth::Encoding)

/// The target auth editor in the window, against a real keychain: run by CTest inside
/// with-keyring.sh (a fresh gnome-keyring, HOOKSCOPE_TEST_KEYCHAIN=present) and again with no
/// session bus (=absent), where the dialog must say plainly that the secret is kept for this run.
/// Either way the secret reaches the target and never the settings file.
class TestTargetAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void bearerTokenGoesToTheKeychainNotTheSettings();
    void hmacSignatureReachesTheTarget_data();
    void hmacSignatureReachesTheTarget();
    void theSecretOutlivesTheWindow();
    void noAuthRemovesTheSecret();

private:
    QString targetUrl() const { return m_target->url() + QStringLiteral("in"); }
    QList<StoredEvent> arrived() const;
    QByteArray header(const StoredEvent& event, const QByteArray& name) const;
    void openWindow();
    /// Opens the resend dialog for a new event, aimed at the target.
    ResendDialog* resendNewEvent(QByteArray* body = nullptr);
    /// Opens the picker's auth editor and saves @p kind with @p secret; true once it is saved.
    bool saveAuth(ResendDialog* dialog, TargetAuth::Kind kind, const QByteArray& secret,
        const QString& headerName = QString(), TargetAuth::Encoding encoding = TargetAuth::Encoding::Hex);
    void send(ResendDialog* dialog);
    DeliveryTools* tools() const { return m_window->window()->deliveryTools(); }
    /// Fails when any file under @p folder holds @p secret.
    void checkNoFileHolds(const QString& folder, const QByteArray& secret);

    bool m_keychain = false;
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<WindowHarness> m_window;
    std::unique_ptr<TempHistory> m_targetHistory;
    std::unique_ptr<CaptureServer> m_target;
    QStringList m_warnings;
};

void TestTargetAuth::initTestCase()
{
    const QByteArray mode = qgetenv("HOOKSCOPE_TEST_KEYCHAIN");
    QVERIFY2(mode == "present" || mode == "absent", "run through CTest: it sets HOOKSCOPE_TEST_KEYCHAIN");
    m_keychain = mode == "present";
    if (m_keychain) {
        QCOMPARE(QDir::homePath(), qEnvironmentVariable("HOOKSCOPE_TEST_HOME")); // never the user's keyring
    }
}

void TestTargetAuth::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    WindowHarness::isolateSettings(m_home->filePath(QStringLiteral("config")), QStringLiteral("TestTargetAuth"));
    QSettings().clear();
    m_warnings.clear();
    openWindow();
    m_targetHistory = std::make_unique<TempHistory>();
    ServerConfig config;
    config.port = 0;
    m_target = std::make_unique<CaptureServer>(config);
    QVERIFY2(m_target->start(m_targetHistory->path()), qPrintable(m_target->errorString()));
}

void TestTargetAuth::cleanup()
{
    m_window.reset();
    m_target.reset();
    m_targetHistory.reset();
    m_home.reset();
}

void TestTargetAuth::openWindow()
{
    m_window = std::make_unique<WindowHarness>();
    QVERIFY(m_window->open());
    Prompts prompts;
    prompts.confirm = [](const QString&) { return true; };
    prompts.warn = [this](const QString& message) { m_warnings << message; };
    tools()->setPrompts(prompts);
}

QList<StoredEvent> TestTargetAuth::arrived() const
{
    QList<StoredEvent> events;
    EventStore store;
    if (store.open(m_targetHistory->path(), EventStore::OpenMode::MustExist)) {
        store.forEach([&](const StoredEvent& e) {
            events.append(e);
            return true;
        });
    }
    return events;
}

QByteArray TestTargetAuth::header(const StoredEvent& event, const QByteArray& name) const
{
    for (const HttpHeader& h : event.headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0) {
            return h.value;
        }
    }
    return {};
}

ResendDialog* TestTargetAuth::resendNewEvent(QByteArray* body)
{
    const QByteArray sent = providerWebhook("invoices.created", newKey());
    const qint64 id = m_window->post(sent);
    if (id <= 0 || !QTest::qWaitFor([&] { return m_window->model()->rowOf(id) >= 0; }) || !m_window->select({id})
        || !m_window->trigger(QStringLiteral("resendAction"))) {
        return nullptr;
    }
    if (body) {
        *body = sent;
    }
    ResendDialog* dialog = tools()->resendController()->dialog();
    if (dialog) {
        dialog->targetPicker()->setUrl(targetUrl());
    }
    return dialog;
}

bool TestTargetAuth::saveAuth(ResendDialog* dialog, TargetAuth::Kind kind, const QByteArray& secret,
    const QString& headerName, TargetAuth::Encoding encoding)
{
    auto* button = dialog->findChild<QPushButton*>(QStringLiteral("targetAuthButton"));
    if (!button || !button->isEnabled()) {
        return false;
    }
    button->click();
    QPointer<TargetAuthDialog> auth;
    for (TargetAuthDialog* open : dialog->findChildren<TargetAuthDialog*>()) {
        if (open->isVisible()) {
            auth = open; // one closed before may still await its deletion
        }
    }
    if (!auth) {
        return false;
    }
    auto* kinds = auth->findChild<QComboBox*>(QStringLiteral("authKindComboBox"));
    kinds->setCurrentIndex(kinds->findData(static_cast<int>(kind)));
    auth->findChild<QLineEdit*>(QStringLiteral("secretLineEdit"))->setText(QString::fromUtf8(secret));
    if (!headerName.isEmpty()) {
        auth->findChild<QLineEdit*>(QStringLiteral("signatureHeaderLineEdit"))->setText(headerName);
    }
    auto* encodings = auth->findChild<QComboBox*>(QStringLiteral("signatureEncodingComboBox"));
    encodings->setCurrentIndex(encodings->findData(static_cast<int>(encoding)));
    auto* status = auth->findChild<QLabel*>(QStringLiteral("authStatusLabel"));
    auth->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->click();
    if (m_keychain || (kind == TargetAuth::Kind::None && secret.isEmpty())) {
        // Stored in the keychain: the dialog closes by itself.
        return QTest::qWaitFor([&] { return !auth || !auth->isVisible(); });
    }
    // No keychain: the dialog stays and says, in Secrets' words, that the secret lasts this run only.
    if (!QTest::qWaitFor([&] { return status->text().contains(QLatin1String("this run only")); })) {
        qWarning("status: %s", qPrintable(status->text()));
        return false;
    }
    auth->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Close)->click();
    return QTest::qWaitFor([&] { return !auth || !auth->isVisible(); });
}

void TestTargetAuth::send(ResendDialog* dialog)
{
    auto* button = dialog->findChild<QPushButton*>(QStringLiteral("sendButton"));
    QTRY_VERIFY(button->isEnabled());
    button->click();
}

void TestTargetAuth::checkNoFileHolds(const QString& folder, const QByteArray& secret)
{
    QDirIterator files(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int looked = 0;
    while (files.hasNext()) {
        QFile file(files.next());
        if (file.open(QIODevice::ReadOnly)) {
            ++looked;
            QVERIFY2(!file.readAll().contains(secret), qPrintable(file.fileName()));
        }
    }
    QVERIFY(looked > 0);
}

void TestTargetAuth::bearerTokenGoesToTheKeychainNotTheSettings()
{
    const QByteArray token = "tok_window_7f3a9c";
    ResendDialog* dialog = resendNewEvent();
    QVERIFY(dialog);
    QVERIFY(saveAuth(dialog, TargetAuth::Kind::Bearer, token));
    QCOMPARE(dialog->findChild<QPushButton*>(QStringLiteral("targetAuthButton"))->text(),
        QStringLiteral("Auth: bearer token…"));
    send(dialog);
    QTRY_COMPARE(arrived().size(), 1);
    QCOMPARE(header(arrived().constFirst(), "Authorization"), "Bearer " + token);

    // The settings file knows the target and the kind of its auth, never the token.
    QSettings settings;
    settings.sync();
    const QByteArray file = [&] {
        QFile f(settings.fileName());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    QVERIFY2(file.contains("bearer"), file.constData());
    QVERIFY2(file.contains(targetUrl().toUtf8()), file.constData());
    QVERIFY(!file.contains(token));
    checkNoFileHolds(m_home->path(), token);
    const DeliveryTarget remembered = TargetList::recent().constFirst();
    QCOMPARE(remembered.authKind, TargetAuth::Kind::Bearer);

    // Only the keychain has it: another Secrets (another run) reads it there, or finds nothing.
    Secrets other;
    const Secrets::Result read = other.readNow(remembered.secretKey());
    QCOMPARE(read.ok, m_keychain);
    if (m_keychain) {
        QCOMPARE(read.secret, token);
        checkNoFileHolds(QDir::homePath(), token); // the keyring file is encrypted
        QVERIFY(other.removeNow(remembered.secretKey()).ok);
    }
}

void TestTargetAuth::hmacSignatureReachesTheTarget_data()
{
    QTest::addColumn<TargetAuth::Encoding>("encoding");
    QTest::newRow("hex") << TargetAuth::Encoding::Hex;
    QTest::newRow("base64") << TargetAuth::Encoding::Base64;
}

void TestTargetAuth::hmacSignatureReachesTheTarget()
{
    QFETCH(TargetAuth::Encoding, encoding);
    const QByteArray secret = "whsec_b1f9e2";
    QByteArray body;
    ResendDialog* dialog = resendNewEvent(&body);
    QVERIFY(dialog);
    QVERIFY(saveAuth(dialog, TargetAuth::Kind::HmacSha256, secret, QStringLiteral("X-Hub-Signature"), encoding));
    QCOMPARE(dialog->findChild<QPushButton*>(QStringLiteral("targetAuthButton"))->text(),
        QStringLiteral("Auth: HMAC in X-Hub-Signature…"));
    send(dialog);
    QTRY_COMPARE(arrived().size(), 1);
    const QByteArray digest = QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256);
    QCOMPARE(header(arrived().constFirst(), "X-Hub-Signature"),
        encoding == TargetAuth::Encoding::Hex ? digest.toHex() : digest.toBase64());
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(secret));
    if (m_keychain) {
        QVERIFY(Secrets().removeNow(TargetList::recent().constFirst().secretKey()).ok);
    }
}

void TestTargetAuth::theSecretOutlivesTheWindow()
{
    const QByteArray token = "tok_next_run_51c0";
    ResendDialog* dialog = resendNewEvent();
    QVERIFY(dialog);
    QVERIFY(saveAuth(dialog, TargetAuth::Kind::Bearer, token));
    dialog->reject();

    // A new window (a new run's Secrets): the remembered target brings its auth from the keychain.
    m_window.reset();
    openWindow();
    dialog = resendNewEvent();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QPushButton*>(QStringLiteral("targetAuthButton"))->text(),
        QStringLiteral("Auth: bearer token…"));
    send(dialog);
    if (m_keychain) {
        QTRY_COMPARE(arrived().size(), 1);
        QCOMPARE(header(arrived().constFirst(), "Authorization"), "Bearer " + token);
        QVERIFY(Secrets().removeNow(TargetList::recent().constFirst().secretKey()).ok);
        return;
    }
    // Kept for that run only: this run has no secret, says so, and sends nothing.
    QTRY_COMPARE(m_warnings.size(), 1);
    QVERIFY2(m_warnings.constFirst().contains(QStringLiteral("could not be read")), qPrintable(m_warnings.first()));
    QVERIFY(m_warnings.constFirst().contains(QStringLiteral("Nothing was sent.")));
    QVERIFY(tools()->resendController()->findChildren<ResendJob*>().isEmpty());
    QCOMPARE(arrived().size(), 0);
}

void TestTargetAuth::noAuthRemovesTheSecret()
{
    ResendDialog* dialog = resendNewEvent();
    QVERIFY(dialog);
    QVERIFY(saveAuth(dialog, TargetAuth::Kind::Bearer, "tok_to_forget"));
    const QString key = TargetList::recent().constFirst().secretKey();
    QVERIFY(saveAuth(dialog, TargetAuth::Kind::None, QByteArray()));
    QCOMPARE(TargetList::recent().constFirst().authKind, TargetAuth::Kind::None);
    QCOMPARE(
        dialog->findChild<QPushButton*>(QStringLiteral("targetAuthButton"))->text(), QStringLiteral("Auth: none…"));
    QVERIFY(!Secrets().readNow(key).ok);
    send(dialog);
    QTRY_COMPARE(arrived().size(), 1);
    QVERIFY(header(arrived().constFirst(), "Authorization").isEmpty());
}

QTEST_MAIN(TestTargetAuth)
#include "TestTargetAuth.moc"
