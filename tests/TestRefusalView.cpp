#include "CaptureServer.h"
#include "RawHttpClient.h"
#include "RefusalDialog.h"
#include "RefusalView.h"
#include "WindowHarness.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

#include <memory>

/// The toolbar's "refused N" and the list behind it, in the window under QT_QPA_PLATFORM=offscreen.
class TestRefusalView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void hiddenWhileNothingIsRefused();
    void badRequestShowsAsPlainText();

private:
    QToolButton* button() const { return m_window->find<QToolButton>(QStringLiteral("refusedButton")); }

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<WindowHarness> m_window;
};

void TestRefusalView::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    WindowHarness::isolateSettings(m_home->filePath(QStringLiteral("config")), QStringLiteral("TestRefusalView"));
    QSettings().clear();
    m_window = std::make_unique<WindowHarness>();
    QVERIFY(m_window->open());
}

void TestRefusalView::cleanup()
{
    m_window.reset();
    m_home.reset();
}

void TestRefusalView::hiddenWhileNothingIsRefused()
{
    QVERIFY(button());
    QVERIFY(m_window->post("{}") > 0);
    QTest::qWait(300);
    QVERIFY(!button()->isVisible());
}

void TestRefusalView::badRequestShowsAsPlainText()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_window->server()->port()));
    const QString remote = QStringLiteral("127.0.0.1:%1").arg(client.socket().localPort());
    client.send("POST /<b>x</b> HTTP/1.1\r\nHost: a\r\nX-Bad: \x01\r\n\r\n");
    QCOMPARE(client.readResponse().status, 400);
    QTRY_VERIFY(button()->isVisible());
    QCOMPARE(button()->text(), QStringLiteral("refused 1"));

    // The tooltip shows the target as sent, not as markup.
    QTextDocument shown;
    shown.setHtml(button()->toolTip());
    QVERIFY2(shown.toPlainText().contains(QStringLiteral("(POST /<b>x</b>): ")), qPrintable(shown.toPlainText()));
    QVERIFY(!button()->toolTip().contains(QStringLiteral("<b>x")));

    button()->click();
    auto* dialog = m_window->find<RefusalDialog>(QStringLiteral("refusalDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto* list = dialog->findChild<QTreeWidget*>(QStringLiteral("refusalTreeWidget"));
    QVERIFY(list);
    QCOMPARE(list->topLevelItemCount(), 1);
    const QTreeWidgetItem* item = list->topLevelItem(0);
    QCOMPARE(item->text(1), remote);
    QCOMPARE(item->text(2), QStringLiteral("400"));
    QVERIFY(!item->text(3).isEmpty());
    QCOMPARE(item->text(4), QStringLiteral("POST"));
    QCOMPARE(item->text(5), QStringLiteral("/<b>x</b>"));

    // The open list follows new refusals.
    RawHttpClient again;
    QVERIFY(again.connectTo(m_window->server()->port()));
    again.send("NOT HTTP\r\n\r\n");
    QCOMPARE(again.readResponse().status, 400);
    QTRY_COMPARE(list->topLevelItemCount(), 2);
    QCOMPARE(button()->text(), QStringLiteral("refused 2"));
}

QTEST_MAIN(TestRefusalView)
#include "TestRefusalView.moc"
