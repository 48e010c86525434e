#pragma once

#include "MainWindow.h"
#include "ServerConfig.h"
#include "TestSupport.h"

#include <QAction>
#include <QList>
#include <QString>

#include <memory>

class CaptureServer;
class EventTableModel;

/**
 * The inspector window under QT_QPA_PLATFORM=offscreen for GUI suites: a real history in a
 * temporary folder, a real CaptureServer on a free port capturing into it, the table model and the
 * MainWindow, shown. Tests post webhooks over real sockets and drive the window by object names.
 */
class WindowHarness
{
public:
    WindowHarness();
    ~WindowHarness();

    /// Points this process's QSettings (recent targets, window state) at @p folder, in INI format,
    /// under the application name @p application: never the user's settings.
    static void isolateSettings(const QString& folder, const QString& application);

    /// Creates the history, starts the server and shows the window; false when any of it failed.
    bool open(ServerConfig config = ServerConfig());
    /// Closes the window, stops the server, removes the history.
    void close();

    MainWindow* window() const { return m_window.get(); }
    CaptureServer* server() const { return m_server.get(); }
    EventTableModel* model() const { return m_model.get(); }
    QString historyPath() const { return m_history->path(); }

    /// Posts @p body to the window's endpoint; the stored event's id, or -1.
    qint64 post(const QByteArray& body, const QByteArray& path = "/webhook");
    /// Selects the rows showing @p ids (the first of them current); false when one has no row.
    bool select(const QList<qint64>& ids);
    /// The window's object called @p objectName (a widget, an action, a dialog's child).
    template<typename T> T* find(const QString& objectName) const;
    /// Triggers the window's action @p objectName; false when there is none or it is disabled.
    bool trigger(const QString& objectName);

private:
    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
};

template<typename T> T* WindowHarness::find(const QString& objectName) const
{
    return m_window ? m_window->findChild<T*>(objectName) : nullptr;
}
