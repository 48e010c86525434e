#include "AppSettings.h"
#include "CaptureServer.h"
#include "ChildServer.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "MainWindow.h"
#include "RawHttpClient.h"
#include "SettingsDialog.h"
#include "TestSupport.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <memory>
#include <sys/resource.h>

namespace {

constexpr int AnswerMs = 10000;

/// Lowers this process's file size limit for its lifetime (SIGXFSZ ignored meanwhile, so that a
/// write beyond it fails with EFBIG, as a full disk fails with ENOSPC).
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        ::getrlimit(RLIMIT_FSIZE, &m_saved);
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit lowered = m_saved;
        lowered.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &lowered);
    }
    ~FileSizeLimit() { lift(); }
    void lift()
    {
        if (m_lifted) {
            return;
        }
        m_lifted = true;
        ::setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_oldHandler);
    }

private:
    rlimit m_saved = {};
    void (*m_oldHandler)(int) = SIG_DFL;
    bool m_lifted = false;
};

int post(quint16 port, const QByteArray& body)
{
    RawHttpClient client;
    if (!client.connectTo(port)) {
        return -1;
    }
    client.send(RawHttpClient::post(body));
    return client.readResponse(AnswerMs).status;
}

} // namespace

/// What the window and `serve` say while capture is exposed or failing, and HTTPS from Settings.
class TestCaptureWarnings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void windowWarnsWhileListeningBeyondThisComputer_data();
    void windowWarnsWhileListeningBeyondThisComputer();
    void serveWarnsWhenListeningOnAllInterfaces_data();
    void serveWarnsWhenListeningOnAllInterfaces();
    void windowSaysWhileTheHistoryCannotBeWritten();
    void settingsGenerateALocalCertificateAndServeHttps();
    void settingsRefuseUnusableTlsFiles();

private:
    void openWindow(const ServerConfig& config);
    template<typename T> T* find(const char* objectName) const
    {
        return m_window->findChild<T*>(QString::fromLatin1(objectName));
    }

    std::unique_ptr<QTemporaryDir> m_settingsDir;
    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
};

void TestCaptureWarnings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TestCaptureWarnings"));
}

void TestCaptureWarnings::init()
{
    m_settingsDir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_settingsDir->isValid());
    for (const QSettings::Format format : {QSettings::NativeFormat, QSettings::IniFormat}) {
        QSettings::setPath(format, QSettings::UserScope, m_settingsDir->path());
    }
    m_history = std::make_unique<TempHistory>();
    EventStore store;
    QVERIFY2(store.open(m_history->path()), qPrintable(store.errorString()));
}

void TestCaptureWarnings::cleanup()
{
    m_window.reset();
    m_server.reset();
    m_model.reset();
    m_history.reset();
    m_settingsDir.reset();
}

void TestCaptureWarnings::openWindow(const ServerConfig& config)
{
    m_window.reset();
    m_server = std::make_unique<CaptureServer>(config);
    m_model = std::make_unique<EventTableModel>();
    QVERIFY2(m_model->open(m_history->path()), qPrintable(m_model->errorString()));
    QVERIFY2(m_server->start(m_history->path()), qPrintable(m_server->errorString()));
    m_window = std::make_unique<MainWindow>(m_server.get(), m_model.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestCaptureWarnings::windowWarnsWhileListeningBeyondThisComputer_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("warned");
    QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << false;
    QTest::newRow("::1") << QStringLiteral("::1") << false;
    QTest::newRow("0.0.0.0") << QStringLiteral("0.0.0.0") << true;
}

void TestCaptureWarnings::windowWarnsWhileListeningBeyondThisComputer()
{
    QFETCH(QString, address);
    QFETCH(bool, warned);
    ServerConfig config;
    config.address = QHostAddress(address);
    config.port = 0;
    openWindow(config);
    if (QTest::currentTestFailed()) {
        return;
    }
    auto* warning = find<QLabel>("exposureWarningLabel");
    QVERIFY(warning);
    QCOMPARE(warning->isVisible(), warned);
    if (!warned) {
        return;
    }
    QVERIFY(warning->text().contains(address));
    QCOMPARE(warning->textFormat(), Qt::PlainText);
    // For as long as capture listens there: off, it goes; on again, it comes back.
    find<QAction>("captureAction")->trigger();
    QVERIFY(!m_server->isRunning());
    QVERIFY(!warning->isVisible());
    find<QAction>("captureAction")->trigger();
    QVERIFY(m_server->isRunning());
    QVERIFY(warning->isVisible());
    // Moved back to this computer in Settings: the warning goes.
    AppSettings local = AppSettings::load();
    local.bindAddress = QHostAddress(QHostAddress::LocalHost);
    local.port = 0;
    local.databasePath = m_history->path();
    m_window->applySettings(local);
    QVERIFY(m_server->isRunning());
    QVERIFY(!warning->isVisible());
}

void TestCaptureWarnings::serveWarnsWhenListeningOnAllInterfaces_data()
{
    QTest::addColumn<QString>("bind");
    QTest::addColumn<QByteArray>("warning");
    QTest::newRow("loopback") << QStringLiteral("127.0.0.1") << QByteArray();
    QTest::newRow("all interfaces") << QStringLiteral("0.0.0.0")
                                    << QByteArray("hookscope: listening on all interfaces: anyone on your network "
                                                  "can post to it\n");
}

void TestCaptureWarnings::serveWarnsWhenListeningOnAllInterfaces()
{
    QFETCH(QString, bind);
    QFETCH(QByteArray, warning);
    ChildServer child(QFileInfo(m_history->path()).absolutePath());
    QVERIFY(child.start(QStringLiteral(HOOKSCOPE_BINARY),
        {QStringLiteral("serve"), QStringLiteral("--bind"), bind, QStringLiteral("--port"), QStringLiteral("0"),
            QStringLiteral("--db"), m_history->path()}));
    QVERIFY2(
        child.firstLine().startsWith("listening on http://" + bind.toLatin1() + ':'), child.firstLine().constData());
    const quint16 port = child.firstLine().mid(child.firstLine().lastIndexOf(':') + 1).chopped(2).toUShort();
    QCOMPARE(post(port, providerWebhook()), 200);
    QVERIFY(child.stop(SIGTERM));
    const QByteArray err = child.process().readAllStandardError();
    if (warning.isEmpty()) {
        QVERIFY2(!err.contains("anyone"), err.constData());
    } else {
        QVERIFY2(err.contains(warning), err.constData());
    }
}

void TestCaptureWarnings::windowSaysWhileTheHistoryCannotBeWritten()
{
    ServerConfig config;
    config.port = 0;
    openWindow(config);
    if (QTest::currentTestFailed()) {
        return;
    }
    auto* failed = find<QLabel>("storeFailedLabel");
    QVERIFY(failed);
    QVERIFY(!failed->isVisible());
    QCOMPARE(post(m_server->port(), providerWebhook()), 200);
    {
        // The history's files stop growing in this process, the disk is "full".
        const qint64 used
            = QFileInfo(m_history->path()).size() + QFileInfo(m_history->path() + QStringLiteral("-wal")).size();
        FileSizeLimit full(static_cast<rlim_t>(used + 256 * 1024));
        QByteArray padded = providerWebhook();
        padded.insert(padded.lastIndexOf('}'), ",\"padding\":\"" + QByteArray(32 * 1024, 'p') + '"');
        int status = 200;
        for (int i = 0; i < 100 && status == 200; ++i) {
            status = post(m_server->port(), padded);
        }
        QCOMPARE(status, 503);
        QTRY_VERIFY_WITH_TIMEOUT(failed->isVisible(), AnswerMs);
        QVERIFY2(failed->text().contains(QStringLiteral("503")), qPrintable(failed->text()));
        QCOMPARE(failed->textFormat(), Qt::PlainText);
        full.lift();
    }
    QCOMPARE(post(m_server->port(), providerWebhook()), 200);
    QTRY_VERIFY_WITH_TIMEOUT(!failed->isVisible(), AnswerMs);
}

void TestCaptureWarnings::settingsGenerateALocalCertificateAndServeHttps()
{
    ServerConfig config;
    config.port = 0;
    openWindow(config);
    if (QTest::currentTestFailed()) {
        return;
    }
    m_window->settingsAction()->trigger();
    QPointer<SettingsDialog> dialog = m_window->findChild<SettingsDialog*>();
    QVERIFY(dialog && dialog->isVisible());
    auto* certificate = dialog->findChild<QLineEdit*>(QStringLiteral("tlsCertificateLineEdit"));
    auto* key = dialog->findChild<QLineEdit*>(QStringLiteral("tlsKeyLineEdit"));
    auto* note = dialog->findChild<QLabel*>(QStringLiteral("tlsNoteLabel"));
    QVERIFY(certificate && key && note);
    QVERIFY(certificate->text().isEmpty() && key->text().isEmpty());
    dialog->findChild<QPushButton*>(QStringLiteral("generateCertificateButton"))->click();
    const QString folder = QFileInfo(m_history->path()).absolutePath();
    QCOMPARE(certificate->text(), folder + QStringLiteral("/localhost-cert.pem"));
    QCOMPARE(key->text(), folder + QStringLiteral("/localhost-key.pem"));
    QVERIFY(QFile::exists(certificate->text()) && QFile::exists(key->text()));
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QStringLiteral("--cacert ") + certificate->text()), qPrintable(note->text()));
    QCOMPARE(note->textFormat(), Qt::PlainText);
    const QString certificatePath = certificate->text();
    dialog->findChild<QDialogButtonBox*>(QStringLiteral("settingsButtonBox"))->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY(dialog.isNull());

    // Capture starts again, over HTTPS; the choice is saved for the next launch.
    QVERIFY(m_server->isRunning());
    QVERIFY2(m_server->url().startsWith(QStringLiteral("https://")), qPrintable(m_server->url()));
    QCOMPARE(m_window->findChild<QLineEdit*>(QStringLiteral("endpointLineEdit"))->text(), m_server->url());
    QCOMPARE(AppSettings::load().tlsCertificatePath, certificatePath);
    QProcess curl;
    curl.start(QStringLiteral("curl"),
        {QStringLiteral("-sS"), QStringLiteral("--cacert"), certificatePath, QStringLiteral("--data-binary"),
            QString::fromUtf8(providerWebhook()), m_server->url()});
    QVERIFY(curl.waitForFinished(30000));
    QCOMPARE(curl.exitCode(), 0);
    QCOMPARE(curl.readAllStandardOutput(), QByteArray("{\"ok\":true,\"id\":1}"));
}

void TestCaptureWarnings::settingsRefuseUnusableTlsFiles()
{
    SettingsDialog dialog;
    AppSettings settings;
    settings.databasePath = m_history->path();
    dialog.setSettings(settings);
    auto* certificate = dialog.findChild<QLineEdit*>(QStringLiteral("tlsCertificateLineEdit"));
    auto* key = dialog.findChild<QLineEdit*>(QStringLiteral("tlsKeyLineEdit"));
    QVERIFY(dialog.problem().isEmpty());
    certificate->setText(m_history->path(QStringLiteral("cert.pem")));
    QVERIFY2(dialog.problem().contains(QStringLiteral("both")), qPrintable(dialog.problem()));
    key->setText(m_history->path(QStringLiteral("key.pem")));
    QVERIFY2(dialog.problem().contains(QStringLiteral("cannot serve HTTPS")), qPrintable(dialog.problem()));
    QVERIFY2(dialog.problem().contains(QStringLiteral("cert.pem")), qPrintable(dialog.problem()));
    certificate->clear();
    key->clear();
    QVERIFY(dialog.problem().isEmpty());
}

QTEST_MAIN(TestCaptureWarnings)
#include "TestCaptureWarnings.moc"
