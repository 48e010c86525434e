#include "CaptureServer.h"
#include "DetailPane.h"
#include "EventRowDelegate.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "FilterBar.h"
#include "MainWindow.h"
#include "RawHttpClient.h"
#include "TestSupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QtTest>

#include <memory>

/// The window under QT_QPA_PLATFORM=offscreen, with a real server on a free port and a real history.
class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void liveRowsAppearAsWebhooksArrive();
    void filtersChangeTheRows_data();
    void filtersChangeTheRows();
    void selectingARowFillsEveryTab();
    void duplicatesCarryTheirBadgeAndTint();
    void htmlLookingPayloadStaysPlainText();
    void portInUseOffersAFreePort();
    void filterAndLayoutSurviveARestart();

private:
    void openWindow(const ServerConfig& config);
    qint64 post(const QByteArray& body);
    template<typename T> T* find(const char* objectName) const
    {
        return m_window->findChild<T*>(QString::fromLatin1(objectName));
    }

    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    // Settings go to a throwaway place, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TestMainWindow"));
    QSettings().clear();
}

void TestMainWindow::init()
{
    m_history = std::make_unique<TempHistory>();
    EventStore store;
    QVERIFY2(store.open(m_history->path()), qPrintable(store.errorString()));
    ServerConfig config;
    config.port = 0;
    openWindow(config);
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_server.reset();
    m_model.reset();
    m_history.reset();
}

void TestMainWindow::openWindow(const ServerConfig& config)
{
    m_window.reset();
    m_server = std::make_unique<CaptureServer>(config);
    m_model = std::make_unique<EventTableModel>();
    QVERIFY2(m_model->open(m_history->path()), qPrintable(m_model->errorString()));
    m_server->start(m_history->path());
    m_window = std::make_unique<MainWindow>(m_server.get(), m_model.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

qint64 TestMainWindow::post(const QByteArray& body)
{
    RawHttpClient client;
    if (!client.connectTo(m_server->port())) {
        return -1;
    }
    client.send(RawHttpClient::post(body));
    const RawHttpClient::Response r = client.readResponse();
    return r.status == 200 ? QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toInteger() : -1;
}

void TestMainWindow::liveRowsAppearAsWebhooksArrive()
{
    QVERIFY(m_server->isRunning());
    QCOMPARE(find<QLineEdit>("endpointLineEdit")->text(), m_server->url());
    for (int i = 0; i < 3; ++i) {
        QVERIFY(post(providerWebhook("invoices.created", newKey())) > 0);
    }
    QTRY_COMPARE(m_model->rowCount(), 3);
    QTRY_VERIFY(find<QLabel>("countsLabel")->text().startsWith(QStringLiteral("3 events")));
}

void TestMainWindow::filtersChangeTheRows_data()
{
    QTest::addColumn<QString>("control");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("rows");
    // The history below: 2 invoices.created (staging), 1 clients.updated (production), 1 form post.
    QTest::newRow("channel invoices") << "channelComboBox"
                                      << "invoices" << 2;
    QTest::newRow("channel clients") << "channelComboBox"
                                     << "clients" << 1;
    QTest::newRow("action updated") << "actionComboBox"
                                    << "updated" << 1;
    QTest::newRow("environment production") << "environmentComboBox"
                                            << "production" << 1;
    QTest::newRow("environment other") << "environmentComboBox"
                                       << "other" << 1;
    QTest::newRow("text") << "searchLineEdit"
                          << "a=b" << 1;
    QTest::newRow("problems only") << "problemsOnlyCheckBox"
                                   << "" << 1;
}

void TestMainWindow::filtersChangeTheRows()
{
    QFETCH(QString, control);
    QFETCH(QString, value);
    QFETCH(int, rows);
    QVERIFY(post(providerWebhook("invoices.created", newKey())) > 0);
    QVERIFY(post(providerWebhook("invoices.created", newKey())) > 0);
    QVERIFY(post(providerWebhook("clients.updated", newKey(), "production")) > 0);
    QVERIFY(post("a=b&c=d") > 0);
    QTRY_COMPARE(m_model->rowCount(), 4);

    QWidget* widget = m_window->findChild<QWidget*>(control);
    QVERIFY(widget);
    if (auto* box = qobject_cast<QComboBox*>(widget)) {
        const int index = box->findData(value);
        QVERIFY(index > 0);
        box->setCurrentIndex(index);
    } else if (auto* edit = qobject_cast<QLineEdit*>(widget)) {
        QTest::keyClicks(edit, value);
        QTest::keyClick(edit, Qt::Key_Return);
    } else if (auto* check = qobject_cast<QCheckBox*>(widget)) {
        check->setChecked(true);
    }
    QTRY_COMPARE(m_model->rowCount(), rows);

    // Ctrl+L clears every filter in one go.
    QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier);
    QTRY_COMPARE(m_model->rowCount(), 4);
    QVERIFY(m_window->filterBar()->filter().isEmpty());
}

void TestMainWindow::selectingARowFillsEveryTab()
{
    const qint64 id = post(providerWebhook("business_loans.deleted", newKey()));
    QVERIFY(id > 0);
    QTRY_COMPARE(m_model->rowCount(), 1);
    m_window->table()->selectRow(0);
    QTRY_VERIFY(find<QLabel>("summaryLabel")->text().contains(QStringLiteral("#%1").arg(id)));
    const QString body = find<QPlainTextEdit>("bodyTextEdit")->toPlainText();
    QVERIFY2(body.contains(QStringLiteral("\"event\": \"business_loans.deleted\"")), qPrintable(body)); // indented
    auto* headers = find<QTableWidget>("headersTableWidget");
    QVERIFY(headers->rowCount() >= 3);
    QCOMPARE(headers->item(0, 0)->text(), QStringLiteral("Host"));
    QVERIFY(find<QPlainTextEdit>("rawTextEdit")->toPlainText().startsWith(QStringLiteral("POST /webhook HTTP/1.1\n")));
    QVERIFY(find<QPlainTextEdit>("problemsTextEdit")->toPlainText().startsWith(QStringLiteral("No problems")));
}

void TestMainWindow::duplicatesCarryTheirBadgeAndTint()
{
    const QByteArray key = newKey();
    const qint64 first = post(providerWebhook("invoices.created", key));
    QVERIFY(post(providerWebhook("invoices.created", key)) > 0);
    QTRY_COMPARE(m_model->rowCount(), 2);
    const QModelIndex retry = m_model->index(0, EventTableModel::Duplicate); // newest first
    QCOMPARE(retry.data().toString(), QStringLiteral("duplicate of #%1").arg(first));
    QCOMPARE(retry.data(EventTableModel::DuplicateOfRole).toLongLong(), first);
    QVERIFY(EventRowDelegate::tint(m_window->palette(), true, false, false).isValid());
    QVERIFY(!EventRowDelegate::tint(m_window->palette(), false, false, false).isValid());
    QVERIFY(EventRowDelegate::tint(m_window->palette(), true, true, false)
        != EventRowDelegate::tint(m_window->palette(), true, false, false));
}

void TestMainWindow::htmlLookingPayloadStaysPlainText()
{
    const QByteArray body = "{\"event\":\"invoices.created\",\"message\":\"<img src=x><b>bold</b>\","
                            "\"idempotency_key\":\""
        + newKey() + "\",\"environment\":\"staging\",\"data\":{\"id\":1}}";
    QVERIFY(post(body) > 0);
    QTRY_COMPARE(m_model->rowCount(), 1);
    m_window->table()->selectRow(0);
    QTRY_VERIFY(find<QPlainTextEdit>("bodyTextEdit")->toPlainText().contains(QStringLiteral("<img src=x><b>bold</b>")));
    const QList<QLabel*> labels = m_window->findChildren<QLabel*>();
    for (const QLabel* label : labels) {
        QVERIFY2(label->textFormat() == Qt::PlainText || !label->text().contains(QLatin1Char('<')),
            qPrintable(label->objectName()));
    }
}

void TestMainWindow::portInUseOffersAFreePort()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    ServerConfig config;
    config.port = occupant.serverPort();
    openWindow(config);
    QVERIFY(!m_server->isRunning());
    QVERIFY(find<QWidget>("captureBanner")->isVisible());
    QVERIFY(find<QLabel>("bannerLabel")->text().contains(QString::number(occupant.serverPort())));
    QTest::mouseClick(find<QPushButton>("freePortButton"), Qt::LeftButton);
    QVERIFY(m_server->isRunning());
    QVERIFY(m_server->port() != occupant.serverPort());
    QVERIFY(!find<QWidget>("captureBanner")->isVisible());
    QCOMPARE(find<QLineEdit>("endpointLineEdit")->text(), m_server->url());
    QVERIFY(post(providerWebhook()) > 0);
}

void TestMainWindow::filterAndLayoutSurviveARestart()
{
    auto* channel = find<QComboBox>("channelComboBox");
    channel->setCurrentIndex(channel->findData(QStringLiteral("clients")));
    find<QCheckBox>("duplicatesOnlyCheckBox")->setChecked(true);
    m_window->close(); // saves the settings
    ServerConfig config;
    config.port = 0;
    openWindow(config);
    const EventFilter restored = m_window->filterBar()->filter();
    QCOMPARE(restored.channels, QStringList {QStringLiteral("clients")});
    QVERIFY(restored.duplicatesOnly);
    QCOMPARE(m_model->filter(), restored);
    QSettings().clear();
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
