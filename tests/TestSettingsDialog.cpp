#include "AppSettings.h"
#include "CaptureServer.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "MainWindow.h"
#include "RawHttpClient.h"
#include "Retention.h"
#include "SettingsDialog.h"
#include "TestSupport.h"
#include "WindowCommand.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

/// The Settings dialog and what it changes: saved settings, the endpoint, the history, retention.
/// Settings go to a temporary folder per test; the window runs offscreen with a real server.
class TestSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void defaultsWhenNothingIsSaved();
    void settingsSurviveARestart();
    void unusableSavedValuesReadAsDefaults_data();
    void unusableSavedValuesReadAsDefaults();
    void commandLineOverridesOneRunOnly();
    void refusesBadInput_data();
    void refusesBadInput();
    void warnsWhenListeningBeyondThisComputer_data();
    void warnsWhenListeningBeyondThisComputer();
    void bodyLimitIsInMiBAndKeepsExactBytes();
    void browseFillsTheHistoryFile();
    void shortcutOpensTheDialogWithTheSettingsInUse();
    void dialogChangesAreSavedForTheNextLaunch();
    void newPortListensThere();
    void portInUseOffersAFreePort();
    void newHistorySwitchesTheWindow();
    void retentionTrimsTheWindow();

private:
    void openWindow();
    SettingsDialog* openDialog();
    /// Presses OK; true when the dialog accepted and went away.
    bool pressOk(SettingsDialog* dialog);
    qint64 post(quint16 port);
    static quint16 freePort();
    template<typename T> static T* find(QWidget* parent, const char* objectName)
    {
        return parent->findChild<T*>(QString::fromLatin1(objectName));
    }

    std::unique_ptr<QTemporaryDir> m_settingsDir;
    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
};

void TestSettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("TestSettingsDialog"));
}

void TestSettingsDialog::init()
{
    // A fresh, empty settings location for each test, never the user's.
    m_settingsDir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_settingsDir->isValid());
    for (const QSettings::Format format : {QSettings::NativeFormat, QSettings::IniFormat}) {
        QSettings::setPath(format, QSettings::UserScope, m_settingsDir->path());
    }
    QCoreApplication::setOrganizationName(
        QStringLiteral("HookscopeTest-%1").arg(QString::fromLatin1(QTest::currentTestFunction())));
    m_history = std::make_unique<TempHistory>();
    EventStore store;
    QVERIFY2(store.open(m_history->path()), qPrintable(store.errorString()));
}

void TestSettingsDialog::cleanup()
{
    m_window.reset();
    m_server.reset();
    m_model.reset();
    m_history.reset();
    m_settingsDir.reset();
}

void TestSettingsDialog::openWindow()
{
    ServerConfig config;
    config.port = 0;
    m_server = std::make_unique<CaptureServer>(config);
    m_model = std::make_unique<EventTableModel>();
    QVERIFY2(m_model->open(m_history->path()), qPrintable(m_model->errorString()));
    QVERIFY2(m_server->start(m_history->path()), qPrintable(m_server->errorString()));
    m_window = std::make_unique<MainWindow>(m_server.get(), m_model.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

SettingsDialog* TestSettingsDialog::openDialog()
{
    m_window->settingsAction()->trigger();
    auto* dialog = m_window->findChild<SettingsDialog*>();
    return dialog && dialog->isVisible() ? dialog : nullptr;
}

bool TestSettingsDialog::pressOk(SettingsDialog* dialog)
{
    QPointer<SettingsDialog> alive(dialog);
    find<QDialogButtonBox>(dialog, "settingsButtonBox")->button(QDialogButtonBox::Ok)->click();
    if (dialog->result() != QDialog::Accepted) {
        return false;
    }
    // Deleted on close, once the event loop runs.
    for (int i = 0; i < 100 && !alive.isNull(); ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
    }
    return alive.isNull();
}

qint64 TestSettingsDialog::post(quint16 port)
{
    RawHttpClient client;
    if (!client.connectTo(port)) {
        return -1;
    }
    client.send(RawHttpClient::post(providerWebhook("invoices.created", newKey())));
    const RawHttpClient::Response r = client.readResponse();
    return r.status == 200 ? QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toInteger() : -1;
}

quint16 TestSettingsDialog::freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

void TestSettingsDialog::defaultsWhenNothingIsSaved()
{
    const AppSettings loaded = AppSettings::load();
    QCOMPARE(loaded.bindAddress, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(loaded.port, quint16(8787));
    QCOMPARE(loaded.maxBodyBytes, ReaderLimits().maxBodyBytes);
    QCOMPARE(loaded.databasePath, EventStore::defaultPath());
    QVERIFY(loaded.retention.isOff());
}

void TestSettingsDialog::settingsSurviveARestart()
{
    AppSettings chosen;
    chosen.bindAddress = QHostAddress(QStringLiteral("::1"));
    chosen.port = 9123;
    chosen.maxBodyBytes = 5 * 1024 * 1024;
    chosen.databasePath = m_history->path(QStringLiteral("other.sqlite"));
    chosen.retention.keepEvents = 25000;
    chosen.retention.keepDays = 14;
    chosen.save();
    QCOMPARE(AppSettings::load(), chosen);
    QVERIFY(AppSettings::load() != AppSettings());
    // Back to the default history: not written down, so it still follows the platform's folder.
    chosen.databasePath = EventStore::defaultPath();
    chosen.save();
    QVERIFY(!QSettings().contains(QStringLiteral("history/path")));
    QCOMPARE(AppSettings::load(), chosen);
}

void TestSettingsDialog::unusableSavedValuesReadAsDefaults_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("value");
    QTest::newRow("port too large") << "capture/port" << QVariant(70000);
    QTest::newRow("negative port") << "capture/port" << QVariant(-1);
    QTest::newRow("port not a number") << "capture/port" << QVariant(QStringLiteral("http"));
    QTest::newRow("address not an IP") << "capture/address" << QVariant(QStringLiteral("example.com"));
    QTest::newRow("zero body limit") << "capture/maxBodyBytes" << QVariant(0);
    QTest::newRow("negative body limit") << "capture/maxBodyBytes" << QVariant(-5);
    QTest::newRow("negative event count") << "retention/keepEvents" << QVariant(-3);
    QTest::newRow("negative days") << "retention/keepDays" << QVariant(-1);
}

void TestSettingsDialog::unusableSavedValuesReadAsDefaults()
{
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    QSettings().setValue(key, value);
    AppSettings expected;
    expected.databasePath = EventStore::defaultPath();
    QCOMPARE(AppSettings::load(), expected);
}

void TestSettingsDialog::commandLineOverridesOneRunOnly()
{
    AppSettings saved;
    saved.port = 9000;
    saved.retention.keepDays = 3;
    saved.databasePath = EventStore::defaultPath();
    saved.save();
    WindowCommand::Options options;
    const QString db = m_history->path();
    QCOMPARE(WindowCommand::parse({QStringLiteral("hookscope"), QStringLiteral("--port"), QStringLiteral("0"),
                                      QStringLiteral("--db"), db},
                 &options),
        -1);
    QCOMPARE(options.given, (QStringList {QStringLiteral("--port"), QStringLiteral("--db")}));
    const AppSettings run = WindowCommand::settingsForRun(AppSettings::load(), options);
    QCOMPARE(run.port, quint16(0));
    QCOMPARE(run.databasePath, db);
    QCOMPARE(run.retention.keepDays, 3); // not on the command line: the saved value
    QCOMPARE(run.bindAddress, saved.bindAddress);

    // The window as `hookscope --port 0 --db FILE` opens it.
    openWindow();
    m_window->setCommandLineOptions(options.given);
    m_window->applySettings(run);
    QCOMPARE(m_window->settings(), run);
    SettingsDialog* dialog = openDialog();
    QVERIFY(dialog);
    QVERIFY(find<QLabel>(dialog, "commandLineLabel")->isVisible());
    QVERIFY(find<QLabel>(dialog, "commandLineLabel")->text().contains(QStringLiteral("--port, --db")));
    QCOMPARE(find<QSpinBox>(dialog, "portSpinBox")->value(), 0); // the value in use
    // Only what the user changes is saved: the command line's port and history are not.
    find<QSpinBox>(dialog, "keepDaysSpinBox")->setValue(10);
    QVERIFY(pressOk(dialog));
    AppSettings expected = saved;
    expected.retention.keepDays = 10;
    QCOMPARE(AppSettings::load(), expected);
}

void TestSettingsDialog::refusesBadInput_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("history"); // a file name in the test's folder; empty: leave the field empty
    QTest::newRow("host name") << "example.com"
                               << "history.sqlite";
    QTest::newRow("empty address") << ""
                                   << "history.sqlite";
    QTest::newRow("three parts of an IPv4") << "127.0.0"
                                            << "history.sqlite";
    QTest::newRow("address with a port") << "127.0.0.1:8787"
                                         << "history.sqlite";
    QTest::newRow("no history file") << "127.0.0.1"
                                     << "";
    QTest::newRow("history in a missing folder") << "127.0.0.1"
                                                 << "missing/history.sqlite";
    QTest::newRow("history that is not SQLite") << "127.0.0.1"
                                                << "notes.txt";
}

void TestSettingsDialog::refusesBadInput()
{
    QFETCH(QString, address);
    QFETCH(QString, history);
    QFile notes(m_history->path(QStringLiteral("notes.txt")));
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("not a history at all, and long enough to have a header\n");
    notes.close();
    SettingsDialog dialog;
    AppSettings shown;
    shown.databasePath = m_history->path();
    dialog.setSettings(shown);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* error = find<QLabel>(&dialog, "errorLabel");
    QVERIFY(!error->isVisible());
    find<QLineEdit>(&dialog, "addressLineEdit")->setText(address);
    find<QLineEdit>(&dialog, "databaseLineEdit")->setText(history.isEmpty() ? QString() : m_history->path(history));
    find<QDialogButtonBox>(&dialog, "settingsButtonBox")->button(QDialogButtonBox::Ok)->click();
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.result() != QDialog::Accepted);
    QVERIFY(error->isVisible());
    QVERIFY(!error->text().isEmpty());
    QCOMPARE(error->textFormat(), Qt::PlainText);
    QVERIFY(!QFileInfo::exists(m_history->path(QStringLiteral("missing"))));
}

void TestSettingsDialog::warnsWhenListeningBeyondThisComputer_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("warned");
    QTest::newRow("IPv4 loopback") << "127.0.0.1" << false;
    QTest::newRow("other IPv4 loopback") << "127.0.0.2" << false;
    QTest::newRow("IPv6 loopback") << "::1" << false;
    QTest::newRow("every IPv4 address") << "0.0.0.0" << true;
    QTest::newRow("every IPv6 address") << "::" << true;
    QTest::newRow("a LAN address") << "192.168.1.10" << true;
    QTest::newRow("not an address yet") << "192.168" << false;
}

void TestSettingsDialog::warnsWhenListeningBeyondThisComputer()
{
    QFETCH(QString, address);
    QFETCH(bool, warned);
    SettingsDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* line = find<QLineEdit>(&dialog, "addressLineEdit");
    line->clear();
    QTest::keyClicks(line, address);
    auto* warning = find<QLabel>(&dialog, "exposureLabel");
    QCOMPARE(warning->isVisible(), warned);
    QCOMPARE(warning->textFormat(), Qt::PlainText);
}

void TestSettingsDialog::bodyLimitIsInMiBAndKeepsExactBytes()
{
    SettingsDialog dialog;
    AppSettings shown;
    shown.maxBodyBytes = 100 * 1024; // --max-body 100k
    dialog.setSettings(shown);
    auto* spin = find<QSpinBox>(&dialog, "maxBodySpinBox");
    QCOMPARE(spin->value(), 1);
    QCOMPARE(dialog.settings().maxBodyBytes, qint64(100 * 1024));
    spin->setValue(64);
    QCOMPARE(dialog.settings().maxBodyBytes, qint64(64) * 1024 * 1024);
}

void TestSettingsDialog::browseFillsTheHistoryFile()
{
    SettingsDialog dialog;
    const QString chosen = m_history->path(QStringLiteral("picked.sqlite"));
    QString offered;
    dialog.setFileChooser([&](const QString& current) {
        offered = current;
        return chosen;
    });
    AppSettings shown;
    shown.databasePath = m_history->path();
    dialog.setSettings(shown);
    find<QPushButton>(&dialog, "browseButton")->click();
    QCOMPARE(offered, m_history->path());
    QCOMPARE(find<QLineEdit>(&dialog, "databaseLineEdit")->text(), chosen);
    dialog.setFileChooser([](const QString&) { return QString(); }); // cancelled: the field stays
    find<QPushButton>(&dialog, "browseButton")->click();
    QCOMPARE(dialog.settings().databasePath, chosen);
}

void TestSettingsDialog::shortcutOpensTheDialogWithTheSettingsInUse()
{
    openWindow();
    QCOMPARE(m_window->settingsAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
    QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
    auto* dialog = m_window->findChild<SettingsDialog*>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    const AppSettings inUse = m_window->settings();
    QCOMPARE(inUse.databasePath, m_history->path());
    QCOMPARE(dialog->settings(), inUse);
    QVERIFY(!find<QLabel>(dialog, "commandLineLabel")->isVisible());
    dialog->reject();
}

void TestSettingsDialog::dialogChangesAreSavedForTheNextLaunch()
{
    openWindow();
    SettingsDialog* dialog = openDialog();
    QVERIFY(dialog);
    find<QSpinBox>(dialog, "keepEventsSpinBox")->setValue(5000);
    find<QSpinBox>(dialog, "keepDaysSpinBox")->setValue(30);
    find<QSpinBox>(dialog, "maxBodySpinBox")->setValue(8);
    QVERIFY(pressOk(dialog));
    // A new launch reads them back (new objects, same settings location).
    const AppSettings loaded = AppSettings::load();
    QCOMPARE(loaded.retention.keepEvents, qint64(5000));
    QCOMPARE(loaded.retention.keepDays, 30);
    QCOMPARE(loaded.maxBodyBytes, qint64(8) * 1024 * 1024);
    QCOMPARE(loaded.port, quint16(8787)); // left as shown (0, this run's): the saved value stays
    QCOMPARE(m_server->config().limits.maxBodyBytes, qint64(8) * 1024 * 1024);
    QCOMPARE(m_window->retention()->policy().keepDays, 30);
    // Cancel changes nothing.
    dialog = openDialog();
    QVERIFY(dialog);
    find<QSpinBox>(dialog, "keepDaysSpinBox")->setValue(1);
    dialog->reject();
    QCOMPARE(AppSettings::load().retention.keepDays, 30);
    QCOMPARE(m_window->retention()->policy().keepDays, 30);
}

void TestSettingsDialog::newPortListensThere()
{
    openWindow();
    const quint16 oldPort = m_server->port();
    QVERIFY(post(oldPort) > 0);
    const quint16 port = freePort();
    QVERIFY(port != 0);
    SettingsDialog* dialog = openDialog();
    QVERIFY(dialog);
    find<QSpinBox>(dialog, "portSpinBox")->setValue(port);
    QVERIFY(pressOk(dialog));
    QVERIFY(m_server->isRunning());
    QCOMPARE(m_server->port(), port);
    QCOMPARE(find<QLineEdit>(m_window.get(), "endpointLineEdit")->text(), m_server->url());
    const qint64 id = post(port);
    QVERIFY(id > 0);
    EventStore store;
    QVERIFY(store.open(m_history->path()));
    QCOMPARE(store.event(id).id, id);
    QCOMPARE(post(oldPort), qint64(-1)); // nothing listens there any more
    QTRY_COMPARE(m_model->totalCount(), qint64(2));
    QCOMPARE(AppSettings::load().port, port);
}

void TestSettingsDialog::portInUseOffersAFreePort()
{
    openWindow();
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    AppSettings chosen = m_window->settings();
    chosen.port = squatter.serverPort();
    m_window->applySettings(chosen);
    QVERIFY(!m_server->isRunning());
    QVERIFY(find<QWidget>(m_window.get(), "captureBanner")->isVisible());
    find<QPushButton>(m_window.get(), "freePortButton")->click();
    QVERIFY(m_server->isRunning());
    QVERIFY(post(m_server->port()) > 0);
}

void TestSettingsDialog::newHistorySwitchesTheWindow()
{
    openWindow();
    QVERIFY(post(m_server->port()) > 0);
    QTRY_COMPARE(m_model->totalCount(), qint64(1));
    const QString other = m_history->path(QStringLiteral("other.sqlite"));
    SettingsDialog* dialog = openDialog();
    QVERIFY(dialog);
    find<QLineEdit>(dialog, "databaseLineEdit")->setText(other);
    QVERIFY(pressOk(dialog));
    QCOMPARE(m_server->databasePath(), other);
    QCOMPARE(m_window->settings().databasePath, other);
    QTRY_COMPARE(m_model->totalCount(), qint64(0));
    QCOMPARE(m_model->rowCount(), 0);
    for (int i = 0; i < 3; ++i) {
        QVERIFY(post(m_server->port()) > 0);
    }
    QTRY_COMPARE(m_model->totalCount(), qint64(3));
    EventStore first;
    QVERIFY(first.open(m_history->path()));
    QCOMPARE(first.count(), qint64(1)); // the old history is left as it was
    QCOMPARE(AppSettings::load().databasePath, other);
}

void TestSettingsDialog::retentionTrimsTheWindow()
{
    openWindow();
    QList<qint64> ids;
    for (int i = 0; i < 6; ++i) {
        ids.append(post(m_server->port()));
        QVERIFY(ids.last() > 0);
    }
    QTRY_COMPARE(m_model->rowCount(), 6);
    SettingsDialog* dialog = openDialog();
    QVERIFY(dialog);
    find<QSpinBox>(dialog, "keepEventsSpinBox")->setValue(2);
    QVERIFY(pressOk(dialog));
    QTRY_COMPARE_WITH_TIMEOUT(m_model->totalCount(), qint64(2), 10000);
    QTRY_COMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->eventId(0), ids.last());
    QCOMPARE(m_model->eventId(1), ids.at(4));
    QVERIFY(m_server->isRunning()); // capture goes on
    QVERIFY(post(m_server->port()) > 0);
}

QTEST_MAIN(TestSettingsDialog)
#include "TestSettingsDialog.moc"
