#pragma once

#include <QPointer>
#include <QWidget>

class CaptureServer;
class QToolButton;
class RefusalDialog;

/**
 * "refused N" beside the toolbar's counts, in a warning colour, once the endpoint has refused a
 * request without storing it; its tooltip lists the last few, and a click opens RefusalDialog with
 * all that are kept. Shows nothing while none was refused.
 */
class RefusalView : public QWidget
{
    Q_OBJECT

public:
    /// Refusals listed in the tooltip.
    static constexpr int ToolTipRefusals = 5;

    explicit RefusalView(CaptureServer* server, QWidget* parent = nullptr);

    /// The tooltip's text as plain text (the tooltip itself is that text escaped for display).
    QString toolTipText() const;

    /// Opens (or raises) the list of refused requests.
    void showList();

private:
    void refresh();

    CaptureServer* m_server;
    QToolButton* m_button;
    QPointer<RefusalDialog> m_dialog;
};
