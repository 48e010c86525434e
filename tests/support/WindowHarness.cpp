#include "WindowHarness.h"

#include "CaptureServer.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "RawHttpClient.h"

#include <QCoreApplication>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTableView>
#include <QTest>

WindowHarness::WindowHarness()
    : m_history(std::make_unique<TempHistory>())
{
}

WindowHarness::~WindowHarness()
{
    close();
}

void WindowHarness::isolateSettings(const QString& folder, const QString& application)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
    QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTest"));
    QCoreApplication::setApplicationName(application);
}

bool WindowHarness::open(ServerConfig config)
{
    {
        EventStore store;
        if (!store.open(m_history->path())) {
            qWarning("history: %s", qPrintable(store.errorString()));
            return false;
        }
    }
    config.port = 0;
    m_server = std::make_unique<CaptureServer>(config);
    m_model = std::make_unique<EventTableModel>();
    if (!m_model->open(m_history->path()) || !m_server->start(m_history->path())) {
        qWarning("window: %s %s", qPrintable(m_model->errorString()), qPrintable(m_server->errorString()));
        return false;
    }
    m_window = std::make_unique<MainWindow>(m_server.get(), m_model.get());
    m_window->show();
    return QTest::qWaitForWindowExposed(m_window.get());
}

void WindowHarness::close()
{
    m_window.reset();
    m_server.reset();
    m_model.reset();
}

qint64 WindowHarness::post(const QByteArray& body, const QByteArray& path)
{
    RawHttpClient client;
    if (!client.connectTo(m_server->port())) {
        return -1;
    }
    client.send(RawHttpClient::post(body, path));
    const RawHttpClient::Response r = client.readResponse();
    return r.status == 200 ? QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toInteger() : -1;
}

bool WindowHarness::select(const QList<qint64>& ids)
{
    QItemSelectionModel* selection = m_window->table()->selectionModel();
    selection->clear();
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const int row = m_model->rowOf(ids.at(i));
        if (row < 0) {
            return false;
        }
        const QModelIndex index = m_model->index(row, 0);
        const auto flags = QItemSelectionModel::Select | QItemSelectionModel::Rows;
        if (i == 0) {
            selection->setCurrentIndex(index, flags);
        } else {
            selection->select(index, flags);
        }
    }
    return true;
}

bool WindowHarness::trigger(const QString& objectName)
{
    QAction* action = find<QAction>(objectName);
    if (!action || !action->isEnabled()) {
        return false;
    }
    action->trigger();
    return true;
}
