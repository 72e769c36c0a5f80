#ifndef KOHTAAMO_NEWS_H
#define KOHTAAMO_NEWS_H
#include "../http/request.h"

#define NEWS_PAGE_SIZE 20

int news_list(request *r);
int news_new_form(request *r);
int news_create(request *r);
int news_show(request *r);
int api_news_list(request *r);

#endif
