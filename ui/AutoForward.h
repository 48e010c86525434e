#pragma once

#include "DeliveryTarget.h"
#include "Prompts.h"

#include <QObject>
#include <QPointer>

struct Delivery;
class CaptureServer;
class ForwardDialog;
class QAction;
class QWidget;
class ResendJob;
class Secrets;
struct ResendOptions;

/**
 * @brief The toolbar's Forward toggle: every event captured while it is on is sent on to a target
 * (an open-ended ResendJob fed by CaptureServer::eventsStored), like `hookscope forward`.
 *
 * Sending runs on the window's event loop without ever waiting: capture runs on its own threads
 * and never waits for it, so a slow or dead target never slows capture (events beyond
 * ResendJob::MaxQueued waiting are skipped, and said to be).
 */
class AutoForward : public QObject
{
    Q_OBJECT

public:
    AutoForward(CaptureServer* server, Secrets* secrets, QWidget* window);
    ~AutoForward() override;

    void setHistoryPath(const QString& path);
    void setPrompts(const Prompts& prompts) { m_prompts = prompts; }
    void setTimeout(int ms) { m_timeoutMs = ms; }

    /// Checkable: on opens ForwardDialog, off stops forwarding.
    QAction* toggleAction() const { return m_toggle; }
    /// The dialog open to turn forwarding on (or null).
    ForwardDialog* dialog() const;
    bool isForwarding() const { return m_job != nullptr; }
    const DeliveryTarget& target() const { return m_target; }
    /// Sends nothing more; the toggle goes off.
    void stop();

signals:
    void started(const DeliveryTarget& target);
    void stopped();
    /// One attempt of this forwarding session, recorded in the history.
    void delivered(const Delivery& delivery);
    /// A line for the forwarding log: the target and the counts so far.
    void statusChanged(const QString& status);
    void statusMessage(const QString& message);

private:
    void toggled(bool on);
    void openDialog();
    void start(ResendOptions options);
    void count(const Delivery& delivery);
    void updateStatus();
    void setChecked(bool on);

    CaptureServer* m_server;
    Secrets* m_secrets;
    QWidget* m_window;
    Prompts m_prompts;
    QString m_dbPath;
    int m_timeoutMs;
    QAction* m_toggle;
    QPointer<ForwardDialog> m_dialog;
    ResendJob* m_job = nullptr;
    DeliveryTarget m_target;
    int m_sent = 0;
    int m_failed = 0;
    int m_skipped = 0;
};
