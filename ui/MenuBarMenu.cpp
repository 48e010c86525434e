#include "MenuBarMenu.h"

#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>

QMenu* MenuBarMenu::named(QMainWindow* window, const QString& title)
{
    QMenuBar* bar = window->menuBar();
    const QList<QAction*> existing = bar->actions();
    for (QAction* action : existing) {
        if (action->menu() && action->text() == title) {
            return action->menu();
        }
    }
    auto* created = new QMenu(title, bar);
    bar->insertMenu(existing.isEmpty() ? nullptr : existing.last(), created);
    return created;
}
