#include "AboutDialog.h"
#include "CaptureServer.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "MainWindow.h"
#include "TestSupport.h"
#include "Version.h"

#include <QAction>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

/// Help > About, and the application icon it shows (from the core's resources).
class TestAboutDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsTheVersionOfTheBuild();
    void licenceIsTheLicenseFiles();
    void databasePathStaysPlainText_data();
    void databasePathStaysPlainText();
    void iconSizesAreInTheResources_data();
    void iconSizesAreInTheResources();
    void helpMenuOpensItForTheHistoryInUse();
};

namespace {

QString labelText(const QWidget& dialog, const char* objectName)
{
    const auto* label = dialog.findChild<QLabel*>(QString::fromLatin1(objectName));
    return label ? label->text() : QStringLiteral("(no %1)").arg(QLatin1String(objectName));
}

} // namespace

void TestAboutDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TestAboutDialog"));
    QSettings().clear();
    Q_INIT_RESOURCE(resources);
}

void TestAboutDialog::showsTheVersionOfTheBuild()
{
    const AboutDialog dialog(QStringLiteral("/tmp/history.sqlite"));
    QCOMPARE(labelText(dialog, "versionLabel"), QStringLiteral("Hookscope %1").arg(QLatin1String(HOOKSCOPE_VERSION)));
    // The one version, from project() in CMake: the same string `hookscope --version` prints.
    QProcess cli;
    cli.start(QStringLiteral(HOOKSCOPE_BINARY), {QStringLiteral("--version")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.readAllStandardOutput(), QByteArray("hookscope " HOOKSCOPE_VERSION "\n"));
    QCOMPARE(labelText(dialog, "websiteLabel"), AboutDialog::homepage());
}

void TestAboutDialog::licenceIsTheLicenseFiles()
{
    QFile license(QStringLiteral(HOOKSCOPE_SOURCE_DIR "/LICENSE"));
    QVERIFY(license.open(QIODevice::ReadOnly));
    const QByteArray firstLine = license.readLine().trimmed();
    QCOMPARE(firstLine, QByteArray("MIT License"));
    const AboutDialog dialog(QStringLiteral("/tmp/history.sqlite"));
    QVERIFY2(labelText(dialog, "licenseLabel").startsWith(QString::fromLatin1(firstLine)),
        qPrintable(labelText(dialog, "licenseLabel")));
}

void TestAboutDialog::databasePathStaysPlainText_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("default") << QStringLiteral("/home/dev/.local/share/Hookscope/history.sqlite");
    QTest::newRow("markup in the name") << QStringLiteral("/tmp/<b>bold</b> & <i>x</i>.sqlite");
    QTest::newRow("spaces and non-ASCII") << QStringLiteral("/tmp/Événements du jour/history.sqlite");
}

void TestAboutDialog::databasePathStaysPlainText()
{
    QFETCH(QString, path);
    const AboutDialog dialog(path);
    const auto* label = dialog.findChild<QLabel*>(QStringLiteral("databasePathLabel"));
    QVERIFY(label);
    QCOMPARE(label->text(), path);
    QCOMPARE(label->textFormat(), Qt::PlainText);
    QVERIFY(label->textInteractionFlags() & Qt::TextSelectableByMouse);
}

void TestAboutDialog::iconSizesAreInTheResources_data()
{
    QTest::addColumn<int>("size");
    for (const int size : {16, 32, 48, 64, 128, 256}) {
        QTest::addRow("%dx%d", size, size) << size;
    }
}

void TestAboutDialog::iconSizesAreInTheResources()
{
    QFETCH(int, size);
    const QImage image(QStringLiteral(":/icons/io.github.hookscope.Hookscope-%1.png").arg(size));
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(size, size));
    QVERIFY(image.hasAlphaChannel()); // the rounded tile's corners stay transparent
    QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
}

void TestAboutDialog::helpMenuOpensItForTheHistoryInUse()
{
    TempHistory history;
    {
        EventStore store;
        QVERIFY2(store.open(history.path()), qPrintable(store.errorString()));
    }
    ServerConfig config;
    config.port = 0;
    CaptureServer server(config);
    EventTableModel model;
    QVERIFY2(model.open(history.path()), qPrintable(model.errorString()));
    server.start(history.path());
    MainWindow window(&server, &model);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto* about = window.findChild<QAction*>(QStringLiteral("aboutAction"));
    QVERIFY(about);
    about->trigger();
    auto* dialog = window.findChild<AboutDialog*>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(labelText(*dialog, "databasePathLabel"), history.path());
    dialog->reject();
    QTRY_VERIFY(!window.findChild<AboutDialog*>()); // deleted on close
    server.stop();
}

QTEST_MAIN(TestAboutDialog)
#include "TestAboutDialog.moc"
