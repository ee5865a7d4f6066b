"""Magasins: the centre's store and the village cereal banks, and the dialog that creates one."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.permissions import Action
from centre_app.services import catalog
from centre_app.services.catalog import WarehouseRow
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource
from centre_app.views.reference_common import filter_rows, sort_ascending
from centre_app.views.widgets.form_helpers import FormDialog

COLUMNS = (
    Column("code", N_("Code"), order="code"),
    Column("name", N_("Warehouse"), order="name", stretch=True),
    Column("kind_label", N_("Type"), order="kind"),
    Column("village", N_("Village"), order="village"),
    Column("active", N_("Active"), order="active"),
)


def warehouses_source() -> ListSource:
    return ListSource(
        fetch_all=lambda s, search: filter_rows(
            catalog.list_warehouses(s), search, lambda r: (r.code, r.name, r.kind_label, r.village)
        )
    )


class WarehousesPage(ListPage):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Warehouses"), COLUMNS, warehouses_source(), {"warehouses"}, parent)
        self.search.setPlaceholderText(_("Search a warehouse: code, name, village…"))
        self.new_button = self.add_button(_("New warehouse"), self.new_warehouse, Action.EDIT_MASTER_DATA)
        sort_ascending(self, 0)

    def new_warehouse(self) -> None:
        WarehouseDialog.create(self, self.ctx)


class WarehouseDialog(FormDialog):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("New warehouse"), ok_text=_("Save"))
        self.ctx = ctx
        self.saved: WarehouseRow | None = None
        self.setMinimumWidth(460)
        self.code = self.add_field(_("Code"), QLineEdit(), name="code", required=True)
        self.code.setPlaceholderText(_("e.g. KLB"))
        self.name = self.add_field(_("Warehouse name"), QLineEdit(), name="name", required=True)
        self.name.setPlaceholderText(_("e.g. Banque de céréales de Kelbo"))
        self.kind = self.add_field(_("Type"), QComboBox(), name="kind", required=True)
        for key, label in catalog.WAREHOUSE_KINDS.items():
            self.kind.addItem(label, key)
        self.village = self.add_field(_("Village"), QLineEdit(), name="village")
        self.code.setFocus()

    def accept(self) -> None:
        self.clear_errors()
        for field, what in ((self.code, _("The code is required.")), (self.name, _("The name is required."))):
            if not field.text().strip():
                self.show_field_error(field, what)
                return
        code, name, kind, village = self.code.text(), self.name.text(), self.kind.currentData(), self.village.text()
        try:
            self.saved = self.ctx.workspace.run(lambda s: catalog.create_warehouse(s, code, name, kind, village))
        except DomainError as err:
            self.show_error(message(err))
            return
        self.ctx.changed.emit({"warehouses"})
        super().accept()

    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext) -> WarehouseRow | None:
        dialog = cls(ctx, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
