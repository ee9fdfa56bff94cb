#include "sklaws/reports/pdf_figure.hpp"

#include "sklaws/reports/svg_plot.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>

#include <memory>

namespace sklaws::reports {

namespace {

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

struct HandleDeleter {
    void operator()(RsvgHandle* h) const { g_object_unref(h); }
};
struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};

}  // namespace

std::string svg_to_pdf(const std::string& svg, double width, double height) {
    GError* error = nullptr;
    std::unique_ptr<RsvgHandle, HandleDeleter> handle(
        rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error));
    if (!handle) {
        const std::string message = error ? error->message : "unknown error";
        if (error) g_error_free(error);
        throw std::runtime_error("librsvg cannot read the figure's SVG: " + message);
    }
    std::string pdf;
    {
        std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
            cairo_pdf_surface_create_for_stream(append, &pdf, width, height));
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "sklaws report");
        // No /CreationDate: cairo stamps the time of writing unless told
        // otherwise, and the same seed must give the same bytes (an empty
        // date omits the entry, which PDF allows; cairo 1.16 would write a
        // given date without its "D:" prefix). cairo writes no /ModDate or /ID.
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, "");
        std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
        const RsvgRectangle viewport{0, 0, width, height};
        if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &error)) {
            const std::string message = error ? error->message : "unknown error";
            if (error) g_error_free(error);
            throw std::runtime_error("librsvg cannot render the figure: " + message);
        }
        cr.reset();
        cairo_surface_finish(surface.get());
        if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
            throw std::runtime_error(std::string("cairo cannot write the PDF: ") +
                                     cairo_status_to_string(cairo_surface_status(surface.get())));
        }
    }
    return pdf;
}

std::string render_pdf(const Figure& figure) {
    const SvgPlot plot = plot_svg(figure);
    return svg_to_pdf(plot.svg, plot.width, plot.height);
}

}  // namespace sklaws::reports
