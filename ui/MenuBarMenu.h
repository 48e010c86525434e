#pragma once

class QMainWindow;
class QMenu;
class QString;

/**
 * The window's menus are made by several parts (the delivery tools, the provider tools, the main
 * window's Help): each asks for a menu by its title and shares it with the others.
 */
class MenuBarMenu
{
public:
    /// The menu titled @p title in @p window's menu bar, made (before the last menu, Help) when
    /// no part has made it yet.
    static QMenu* named(QMainWindow* window, const QString& title);
};
