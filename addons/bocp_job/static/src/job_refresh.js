import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";
import { Component, onWillDestroy } from "@odoo/owl";

/**
 * Invisible widget of a form: when the server says a background job moved
 * on (bus notification "bocp_job.progress"), the form of that job, or of the
 * document it works on, reloads itself so that its progress bar moves.
 */
export class BocpJobRefresh extends Component {
    static props = standardWidgetProps;
    static template = "bocp_job.JobRefresh";

    setup() {
        const bus = useService("bus_service");
        const onProgress = (payload) => this.onProgress(payload);
        bus.subscribe("bocp_job.progress", onProgress);
        onWillDestroy(() => bus.unsubscribe("bocp_job.progress", onProgress));
    }

    onProgress({ job_id, res_model, res_id }) {
        const record = this.props.record;
        const concerned =
            record.resModel === "bocp.job"
                ? record.resId === job_id
                : record.resModel === res_model && record.resId === res_id;
        if (concerned && !record.dirty) {
            record.load();
        }
    }
}

registry.category("view_widgets").add("bocp_job_refresh", { component: BocpJobRefresh });
